using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>Answers the list methods from the catalogue, for one scope, in pages.</summary>
internal static class CatalogueListing
{
    public static (CatalogueKind Kind, string Key)? ForMethod(string method) => method switch
    {
        "tools/list" => (CatalogueKind.Tool, "tools"),
        "prompts/list" => (CatalogueKind.Prompt, "prompts"),
        "resources/list" => (CatalogueKind.Resource, "resources"),
        "resources/templates/list" => (CatalogueKind.ResourceTemplate, "resourceTemplates"),
        _ => null,
    };

    /// <summary>One page of the entries of <paramref name="kind"/> on the scope that <paramref name="visible"/> lets the caller see.</summary>
    public static JsonObject List(CatalogueSnapshot snapshot, CatalogueKind kind, string key, string? scope, Func<CatalogueItem, bool> visible, JsonObject parameters, int pageSize)
    {
        var offset = DecodeCursor(parameters["cursor"]);
        var items = snapshot.List(kind, scope).Where(visible).Skip(offset).Take(pageSize + 1).ToList();
        var page = new JsonArray();
        foreach (var item in items.Take(pageSize))
        {
            page.Add(item.Definition.DeepClone());
        }

        var result = new JsonObject { [key] = page };
        if (items.Count > pageSize)
        {
            result["nextCursor"] = EncodeCursor(offset + pageSize);
        }

        return result;
    }

    private static string EncodeCursor(int offset) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeCursor(JsonNode? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor.GetValue<string>()));
            if (text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException)
        {
        }

        throw new GatewayException(GatewayError.InvalidParams("Invalid cursor"));
    }
}
