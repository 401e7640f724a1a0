using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline;

/// <summary>The outcome of a call: the backend's result, unchanged, or a typed error.</summary>
public sealed record CallResult
{
    private CallResult(JsonNode? result, GatewayError? error)
    {
        Result = result;
        Error = error;
    }

    public JsonNode? Result { get; }

    public GatewayError? Error { get; }

    public bool IsSuccess => Error is null;

    /// <summary>A tool result that reports a failure of the tool itself (<c>isError: true</c>).</summary>
    public bool IsToolError => Result is JsonObject o && o["isError"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static CallResult Success(JsonNode result) => new(result, null);

    public static CallResult Failure(GatewayError error) => new(null, error);
}
