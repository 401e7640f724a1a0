using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Requests the gateway sends to clients on behalf of backends (sampling, elicitation, roots), waiting for the
/// client's response: it comes back as a JSON-RPC response posted on the same session, matched by session and id, so
/// one session can never answer another's. When the backend gives up on its request, the client gets
/// <c>notifications/cancelled</c> for it. Ids carry a random prefix of this process, so that in a cluster an answer
/// passed through the session grain (<see cref="Cluster.NodeSessionObserver"/>) completes the request on the node that sent it and nowhere else.
/// </summary>
internal sealed class ClientRequests
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new(StringComparer.Ordinal);
    private readonly string _prefix = "mcpgw-" + System.Security.Cryptography.RandomNumberGenerator.GetHexString(12, lowercase: true) + "-";
    private long _next;

    public int Pending => _pending.Count;

    /// <summary>Sends <paramref name="method"/> to the client of <paramref name="sessionId"/> with <paramref name="send"/> and returns its result.</summary>
    public async ValueTask<JsonNode> AskAsync(
        string sessionId, Func<JsonObject, Task> send, string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        var id = _prefix + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = Key(sessionId, JsonValue.Create(id).ToJsonString());
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            await send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            JsonObject response;
            try
            {
                response = await answer.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The backend gave up on its request (or the call ended): the client may stop working on it.
                await TellCancelledAsync(send, id);
                throw;
            }

            if (response["error"] is JsonObject error)
            {
                var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var number) ? number : JsonRpcErrors.InternalError;
                var message = error["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : "The client answered with an error";
                throw new GatewayException(new GatewayError(GatewayErrorKind.BackendError, message, null, code, error["data"]?.DeepClone()));
            }

            return response["result"]?.DeepClone() ?? new JsonObject();
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private static async Task TellCancelledAsync(Func<JsonObject, Task> send, string id)
    {
        try
        {
            await send(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "notifications/cancelled",
                ["params"] = new JsonObject { ["requestId"] = id, ["reason"] = "The server no longer needs the answer" },
            });
        }
        catch (Exception exception) when (exception is GatewayException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client's stream is gone: nobody to tell.
        }
    }

    /// <summary>Takes a client's response; false when it answers nothing pending on its session.</summary>
    public bool Complete(string sessionId, JsonRpcMessage response) =>
        response.IsResponse && response.IdText is { } id && _pending.TryRemove(Key(sessionId, id), out var answer) && answer.TrySetResult(response.Raw);

    private static string Key(string sessionId, string idJson) => sessionId + "|" + idJson;
}
