using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Upstreams.Relay;

/// <summary>
/// Multi-round-trip requests of revision 2026-07-28: a backend answers <c>tools/call</c>, <c>prompts/get</c> or
/// <c>resources/read</c> with <c>resultType: input_required</c> and the requests it needs the client to answer; the
/// request is then sent again with the answers (<c>inputResponses</c>) and the backend's <c>requestState</c>.
/// A 2026-07-28 client gets that result unchanged and retries itself; for a client on a session revision the gateway
/// asks the client (as server-to-client requests) and retries on its behalf.
/// </summary>
internal static class InputRequiredRelay
{
    public const int MaxRounds = 16;

    /// <summary>Where a result the SDK client must not act on keeps its <c>resultType</c> (restored by <see cref="Restore"/>).</summary>
    private const string HiddenResultType = "io.mcpgw/resultType";

    public static bool AppliesTo(string method) => method is "tools/call" or "prompts/get" or "resources/read";

    public static bool IsInputRequired(JsonNode? result) =>
        result is JsonObject o && o["resultType"] is JsonValue type && type.TryGetValue<string>(out var text) && text == "input_required";

    /// <summary>Whether the gateway answers this result's requests itself (rather than passing it to the client).</summary>
    public static bool ResolvesFor(ClientLink? client) => client is not null && !client.TakesInputRequired;

    /// <summary>
    /// Asks the client every request of an <c>input_required</c> result; returns the params of the retry, or why there
    /// is none (requests that say nothing, a client that cannot be asked, the client's error answer).
    /// </summary>
    public static async Task<(JsonObject? Retry, BackendFailure? Failure)> NextRoundAsync(
        JsonObject previousParams, JsonObject result, ClientLink client, CancellationToken cancellationToken)
    {
        var inputRequests = result["inputRequests"] as JsonObject ?? [];
        if (inputRequests.Count == 0 && result["requestState"] is null)
        {
            return (null, Fail("The backend asked for input without saying what it needs"));
        }

        var questions = new List<(string Key, string Method, JsonObject Params)>(inputRequests.Count);
        foreach (var (key, value) in inputRequests)
        {
            if (value is not JsonObject { } request || request["method"] is not JsonValue m || !m.TryGetValue<string>(out var method))
            {
                return (null, Fail($"The backend's input request '{key}' has no method"));
            }

            if (client.CannotAsk is { } reason)
            {
                return (null, Fail($"The backend needs '{method}' from the client, but {reason}"));
            }

            if (client.Ask is null || !RelayedClientCapabilities.Allows(client.Capabilities, method))
            {
                return (null, Fail($"The backend needs '{method}' from a client that did not declare that capability"));
            }

            questions.Add((key, method, request["params"]?.DeepClone() as JsonObject ?? []));
        }

        (string Key, JsonNode Answer)[] answers;
        try
        {
            answers = await Task.WhenAll(questions.Select(async q => (q.Key, await client.Ask!(q.Method, q.Params, cancellationToken))));
        }
        catch (GatewayException exception)
        {
            // The client answered with an error (ClientRequester): relayed with the client's code and data.
            return (null, new BackendFailure(BackendFailureKind.Error, exception.Error.Message, exception.Error.Code, exception.Error.Data));
        }

        var next = (JsonObject)previousParams.DeepClone();
        var responses = new JsonObject();
        foreach (var (key, answer) in answers)
        {
            responses[key] = answer.DeepClone();
        }

        next.Remove("inputResponses");
        next.Remove("requestState");
        if (responses.Count > 0)
        {
            next["inputResponses"] = responses;
        }

        if (result["requestState"] is { } state)
        {
            next["requestState"] = state.DeepClone();
        }

        return (next, null);
    }

    /// <summary>Hides an <c>input_required</c> result from the SDK client, which would try to answer it itself.</summary>
    public static void Hide(JsonObject result)
    {
        result[HiddenResultType] = result["resultType"]?.DeepClone();
        result.Remove("resultType");
    }

    /// <summary>Undoes <see cref="Hide"/> on the result the SDK client returned.</summary>
    public static JsonNode Restore(JsonNode result)
    {
        if (result is JsonObject o && o.ContainsKey(HiddenResultType))
        {
            o["resultType"] = o[HiddenResultType]?.DeepClone();
            o.Remove(HiddenResultType);
        }

        return result;
    }

    public static BackendFailure TooManyRounds(string backend) =>
        new(BackendFailureKind.Protocol, $"Backend '{backend}' asked for input more than {MaxRounds} times");

    private static BackendFailure Fail(string message) => new(BackendFailureKind.Protocol, message);
}
