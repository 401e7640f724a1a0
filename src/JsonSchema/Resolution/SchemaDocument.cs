using System.Text.Json;

namespace McpGateway.JsonSchema.Resolution;

/// <summary>One JSON document taking part in a compilation: the schema itself or a registered document.</summary>
internal sealed class SchemaDocument
{
    public SchemaDocument(string uri, JsonElement root, bool isRootDocument)
    {
        Uri = uri;
        Root = root;
        IsRootDocument = isRootDocument;
    }

    /// <summary>The URI the document was retrieved under (for the compiled schema: an internal base).</summary>
    public string Uri { get; }

    public JsonElement Root { get; }

    public bool IsRootDocument { get; }

    /// <summary>Every scanned schema position (document pointer) → the resource it belongs to.</summary>
    public Dictionary<string, SchemaResource> Scopes { get; } = new(StringComparer.Ordinal);

    /// <summary>Prefix of error locations: <c>#</c> for the compiled schema, else the document URI and <c>#</c>.</summary>
    public string LocationPrefix => IsRootDocument ? "#" : Uri + "#";

    /// <summary>The resource of <paramref name="pointer"/>, or of its nearest scanned ancestor.</summary>
    public SchemaResource? FindScope(string pointer)
    {
        string? current = pointer;
        while (current is not null)
        {
            if (Scopes.TryGetValue(current, out var resource))
            {
                return resource;
            }

            current = JsonPointer.Parent(current);
        }

        return null;
    }
}
