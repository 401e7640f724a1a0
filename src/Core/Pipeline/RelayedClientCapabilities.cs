using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline;

/// <summary>The client capabilities the gateway can relay to backends: what a backend may ask a client through it.</summary>
public static class RelayedClientCapabilities
{
    /// <summary>Client capabilities with a server-to-client request the gateway relays, and the method of that request.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByMethod = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sampling/createMessage"] = "sampling",
        ["elicitation/create"] = "elicitation",
        ["roots/list"] = "roots",
    };

    /// <summary>The client's declared capabilities intersected with those the gateway relays (never null).</summary>
    public static JsonObject Intersect(JsonObject? declared)
    {
        var relayed = new JsonObject();
        if (declared is null)
        {
            return relayed;
        }

        foreach (var capability in ByMethod.Values)
        {
            if (declared[capability] is JsonObject value)
            {
                relayed[capability] = value.DeepClone();
            }
        }

        return relayed;
    }

    /// <summary>Whether a client with these capabilities may be sent a request with <paramref name="method"/>.</summary>
    public static bool Allows(JsonObject? declared, string method) =>
        ByMethod.TryGetValue(method, out var capability) && declared?[capability] is JsonObject;
}
