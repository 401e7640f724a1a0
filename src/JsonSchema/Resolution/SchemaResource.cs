using McpGateway.JsonSchema.Evaluation;

namespace McpGateway.JsonSchema.Resolution;

/// <summary>
/// A schema resource: the subtree rooted at a document root or at an <c>$id</c>. Owns its base URI, dialect,
/// anchors and dynamic anchors. Immutable once compilation finishes, then shared by concurrent validations.
/// </summary>
internal sealed class SchemaResource
{
    private Dictionary<string, SchemaNode>? _dynamicAnchors;

    public SchemaResource(string baseUri, SchemaDocument document, string rootPointer, DialectInfo dialect)
    {
        BaseUri = baseUri;
        Document = document;
        RootPointer = rootPointer;
        Dialect = dialect;
    }

    public string BaseUri { get; }

    public SchemaDocument Document { get; }

    /// <summary>JSON Pointer of the resource root inside <see cref="Document"/>.</summary>
    public string RootPointer { get; }

    public DialectInfo Dialect { get; }

    /// <summary>Plain-name fragments (<c>$anchor</c>, <c>$dynamicAnchor</c>, draft-07 <c>$id: "#x"</c>) → document pointer.</summary>
    public Dictionary<string, string> Anchors { get; } = new(StringComparer.Ordinal);

    /// <summary><c>$dynamicAnchor</c> names → document pointer.</summary>
    public Dictionary<string, string> DynamicAnchorPointers { get; } = new(StringComparer.Ordinal);

    public void SetDynamicAnchor(string name, SchemaNode node) => (_dynamicAnchors ??= new(StringComparer.Ordinal))[name] = node;

    /// <summary>The node carrying <c>$dynamicAnchor: name</c> in this resource, if any.</summary>
    public SchemaNode? FindDynamicAnchor(string name)
        => _dynamicAnchors is not null && _dynamicAnchors.TryGetValue(name, out var node) ? node : null;
}
