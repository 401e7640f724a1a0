using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>How a job's error is kept in a store: <c>{"kind", "message", "backend", "code", "data"}</c>.</summary>
public static class JobErrorJson
{
    public static string Write(GatewayError error)
    {
        var o = new JsonObject
        {
            ["kind"] = error.Kind.ToString(),
            ["message"] = error.Message,
            ["backend"] = error.Backend,
            ["code"] = error.Code,
            ["data"] = error.Data?.DeepClone(),
        };
        if (error.Undelivered)
        {
            // Crosses from a job's runner to its grain (decides whether the attempt may run again); never shown.
            o["undelivered"] = true;
        }

        return o.ToJsonString();
    }

    public static GatewayError Read(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        var kind = Enum.TryParse<GatewayErrorKind>(o["kind"]?.GetValue<string>(), out var k) ? k : GatewayErrorKind.Internal;
        return new GatewayError(
            kind,
            o["message"]?.GetValue<string>() ?? "",
            o["backend"]?.GetValue<string>(),
            o["code"] is JsonValue code && code.GetValueKind() == JsonValueKind.Number ? code.GetValue<int>() : null,
            o["data"]?.DeepClone())
        {
            Undelivered = o["undelivered"] is JsonValue undelivered && undelivered.GetValueKind() == JsonValueKind.True,
        };
    }
}
