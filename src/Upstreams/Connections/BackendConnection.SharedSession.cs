using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using McpGateway.Upstreams.Relay;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Calls on the shared session of a stateful Streamable HTTP backend go through <see cref="SessionHttpChannel"/>
/// instead of the SDK client's request path; the SDK client still owns the session (initialize, its standalone stream,
/// notifications outside calls, reconnects, the DELETE at the end).
/// </summary>
internal sealed partial class BackendConnection
{
    private bool UsesSessionChannel(McpClient shared) =>
        _sessionChannel is not null && shared.NegotiatedProtocolVersion is { } version && !McpRevisions.IsStateless(version);

    private async Task<BackendResponse> SendOnSharedSessionAsync(
        McpClient shared, string method, JsonObject parameters, ClientLink? client, CancellationToken callerToken, CancellationToken cancellationToken)
    {
        using var progress = _progress.Track(parameters, client?.Notify);
        using var sharedCall = _sharedCalls.Enter(client);
        var id = BackendRequestIds.NextText();
        try
        {
            var response = await _sessionChannel!.SendAsync(
                method, parameters, id, shared.SessionId, shared.NegotiatedProtocolVersion!, new SharedSessionStream(this, shared, client), cancellationToken);
            return response.IsSuccess && response.Result is { } result ? BackendResponse.Success(InputRequiredRelay.Restore(result)) : response;
        }
        catch (OperationCanceledException)
        {
            BackendRequestIds.TellCancelled(shared, new RequestId(id), callerToken.IsCancellationRequested ? "Cancelled by the caller" : "Timed out at the gateway");
            throw;
        }
    }

    /// <summary>
    /// What a backend sends on a call's own stream is about that call: progress goes through the progress relay (the
    /// token was rewritten on the way out), log messages to the call's caller, list changes to the catalogue. The
    /// shared session declares no client capability, so a request of the backend is answered as the SDK client would:
    /// <c>ping</c> with an empty result, the relayed kinds with the relay's "not declared" error, the rest -32601.
    /// </summary>
    private sealed class SharedSessionStream(BackendConnection connection, McpClient shared, ClientLink? client) : SessionStreamHandler(connection.Name)
    {
        public override ValueTask OnNotificationAsync(string method, JsonObject parameters)
        {
            var notification = new JsonRpcNotification { Method = method, Params = parameters };
            if (method == NotificationMethods.ProgressNotification)
            {
                return connection._progress.OnProgressAsync(notification, CancellationToken.None);
            }

            if (method == "notifications/message")
            {
                // Detached from the backend's message: the client's stream writes it into a message of its own.
                return client?.Notify is { } notify ? notify(method, (JsonObject)parameters.DeepClone()) : ValueTask.CompletedTask;
            }

            return connection._notificationHandlers.TryGetValue(method, out var handler) ? handler(notification, CancellationToken.None) : ValueTask.CompletedTask;
        }

        public override void OnRequest(JsonObject request)
        {
            if (JsonSerializer.Deserialize<JsonRpcMessage>(request, McpJsonUtilities.DefaultOptions) is JsonRpcRequest parsed)
            {
                _ = AnswerAsync(parsed);
            }
        }

        private async Task AnswerAsync(JsonRpcRequest request)
        {
            try
            {
                JsonRpcMessage answer = request.Method switch
                {
                    RequestMethods.Ping => new JsonRpcResponse { Id = request.Id, Result = new JsonObject() },
                    _ when ServerRequestRelay.Handles(request.Method) => await ServerRequestRelay.AnswerAsync(request, null, CancellationToken.None),
                    _ => new JsonRpcError
                    {
                        Id = request.Id,
                        Error = new JsonRpcErrorDetail { Code = ServerRequestRelay.MethodNotFound, Message = $"Method not found: {request.Method}" },
                    },
                };
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await shared.SendMessageAsync(answer, timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException or InvalidOperationException or McpException)
            {
                // The session ended: nobody is left to answer.
            }
        }
    }
}
