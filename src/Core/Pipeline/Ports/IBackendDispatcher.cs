using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Sends one request to a backend and returns its raw result, or why there is none.</summary>
public interface IBackendDispatcher
{
    /// <summary>
    /// Sends <paramref name="method"/> with <paramref name="parameters"/> to <paramref name="backend"/>. A backend that is
    /// down, times out or answers with an error is a <see cref="BackendFailure"/> in the response, never an exception;
    /// only the caller's cancellation (<see cref="OperationCanceledException"/>) and bugs are thrown.
    /// Notifications the backend sends about the request (progress, log messages) and its requests to the client
    /// (sampling, elicitation, roots) go to <paramref name="client"/>; it also says what the client declared it can do.
    /// </summary>
    ValueTask<BackendResponse> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken);
}
