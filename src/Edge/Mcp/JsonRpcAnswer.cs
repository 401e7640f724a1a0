using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The answer to one JSON-RPC request, written once for the three MCP handlers (Streamable HTTP, legacy SSE, batches):
/// the message (<c>{jsonrpc, id, result}</c> or <c>{jsonrpc, id, error}</c>) that goes on a stream or into a batch, and
/// the HTTP status and headers it takes when it is the whole response of a POST. <see cref="Of"/> turns a call's result
/// into it; <see cref="ForFailure"/> is the ladder that turns what was thrown while serving a message into it.
/// </summary>
internal sealed record JsonRpcAnswer(JsonObject Message, int Status, GatewayError? Error = null, bool StoreOutage = false)
{
    public const string InternalErrorMessage = "Internal error";

    /// <summary>A call's answer: its result, or its error with the code of the session's revision (200, or 503 when the node serves no call).</summary>
    public static JsonRpcAnswer Of(JsonNode? id, CallResult result, string? protocolVersion) => result.IsSuccess
        ? Success(id, result.Result)
        : Failure(id, result.Error!, protocolVersion);

    public static JsonRpcAnswer Success(JsonNode? id, JsonNode? result) =>
        new(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result }, StatusCodes.Status200OK);

    public static JsonRpcAnswer Failure(JsonNode? id, GatewayError error, string? protocolVersion = null) =>
        new(JsonRpcWriter.ErrorMessage(id, JsonRpcErrors.Code(error, protocolVersion), error.Message, error.Data), JsonRpcErrors.PostStatus(error.Kind), error);

    /// <summary>
    /// The ladder from a failure while serving the message <paramref name="id"/> to its answer, the same on every
    /// transport: a <see cref="GatewayException"/> answers its error; a cancellation when <paramref name="gone"/> (nobody
    /// is left to answer) answers nothing (null); a store outage, while <paramref name="canTell"/>, answers 503 -32603
    /// "Store unavailable" and logs it; anything else answers 500 -32603 "Internal error" and logs it, once, as an error.
    /// </summary>
    public static JsonRpcAnswer? ForFailure(Exception exception, JsonNode? id, string? method, bool gone, bool canTell, FailureLog log)
    {
        if (exception is GatewayException gateway)
        {
            return Failure(id, gateway.Error);
        }

        if (exception is OperationCanceledException && gone)
        {
            return null;
        }

        if (canTell && Http.StoreOutage.Is(exception))
        {
            log.StoreUnavailable(exception, method ?? "(response)");
            return new(Http.StoreOutage.ErrorMessage(id), StatusCodes.Status503ServiceUnavailable, StoreOutage: true);
        }

        log.Unexpected(exception, method ?? "(response)");
        return new(InternalError(id), StatusCodes.Status500InternalServerError);
    }

    /// <summary>The -32603 "Internal error" message answering <paramref name="id"/>.</summary>
    public static JsonObject InternalError(JsonNode? id) =>
        JsonRpcWriter.ErrorMessage(id, JsonRpcErrors.InternalError, InternalErrorMessage, null);

    /// <summary>Writes the answer as the whole response (nothing once the response has started).</summary>
    public Task WriteAsync(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        if (Error is not null)
        {
            RetryHeaders.Apply(http.Response, Error);
        }
        else if (StoreOutage)
        {
            http.Response.Headers.RetryAfter = Http.StoreOutage.RetryAfterSeconds;
        }

        return JsonRpcWriter.WriteJsonAsync(http, Status, Message);
    }
}

/// <summary>How a handler logs the failures of <see cref="JsonRpcAnswer.ForFailure"/> (its own event ids and messages).</summary>
internal sealed record FailureLog(Action<Exception, string> Unexpected, Action<Exception, string> StoreUnavailable);
