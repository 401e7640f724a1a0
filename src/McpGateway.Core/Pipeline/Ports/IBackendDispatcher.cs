using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Sends one request to a backend and returns its raw result.</summary>
public interface IBackendDispatcher
{
    /// <summary>
    /// Sends <paramref name="method"/> with <paramref name="parameters"/> to <paramref name="backend"/>.
    /// Throws <see cref="Protocol.GatewayException"/> when the backend is down, times out or answers with an error.
    /// Notifications the backend sends about the request (progress, log messages) go to <paramref name="notify"/>.
    /// </summary>
    ValueTask<JsonNode> SendAsync(string backend, string method, JsonObject parameters, CallNotifier? notify, CancellationToken cancellationToken);
}
