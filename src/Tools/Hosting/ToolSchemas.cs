using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hosting;

/// <summary>
/// Builds a server's tools from a type's <c>[McpServerTool]</c> methods (as <c>WithTools&lt;T&gt;()</c> does) and lets the
/// server refine the SDK-generated input schemas with what attributes cannot say, e.g. an <c>enum</c> computed at run time.
/// The methods take their services from <c>RequestContext&lt;CallToolRequestParams&gt;.Services</c>.
/// </summary>
public static class ToolSchemas
{
    /// <summary>The tools of <paramref name="toolType"/>'s public static <c>[McpServerTool]</c> methods.</summary>
    public static IReadOnlyList<McpServerTool> FromStaticMethods(Type toolType)
    {
        ArgumentNullException.ThrowIfNull(toolType);
        return [.. toolType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<McpServerToolAttribute>() is not null)
            .Select(m => McpServerTool.Create(m, target: null, new McpServerToolCreateOptions()))];
    }

    /// <summary>Restricts the string properties <paramref name="properties"/> of <paramref name="tool"/>'s input schema to <paramref name="values"/>.</summary>
    public static void RestrictToValues(McpServerTool tool, IReadOnlyList<string> values, params string[] properties)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var schema = JsonNode.Parse(tool.ProtocolTool.InputSchema.GetRawText())!.AsObject();
        foreach (var property in properties)
        {
            var definition = schema["properties"]?[property]?.AsObject()
                ?? throw new InvalidOperationException($"{tool.ProtocolTool.Name} has no input property {property}.");
            definition["enum"] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        }

        tool.ProtocolTool.InputSchema = JsonSerializer.SerializeToElement(schema, JsonNodeContext.Default.JsonObject);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonObject))]
internal sealed partial class JsonNodeContext : System.Text.Json.Serialization.JsonSerializerContext;
