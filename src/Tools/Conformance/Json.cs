using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;

namespace McpGateway.Tools.Conformance;

/// <summary>Protocol objects written as the JSON the scenarios describe, then read into the SDK's types.</summary>
internal static class Json
{
    public static T To<T>(JsonNode node) =>
        node.Deserialize<T>(McpJsonUtilities.DefaultOptions) ?? throw new InvalidOperationException($"Not a {typeof(T).Name}: {node.ToJsonString()}");

    public static T Parse<T>(string json) => To<T>(JsonNode.Parse(json)!);

    public static string Text(object value) => JsonSerializer.Serialize(value, McpJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
}
