using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Patterns;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Compilation;

/// <summary>
/// One compilation: loads the schema and every registered document it reaches, indexes resources and anchors,
/// then compiles subschemas from a work queue (no recursion, so deep reference chains cannot overflow the stack).
/// </summary>
internal sealed partial class SchemaCompiler
{
    /// <summary>Retrieval URI of a compiled schema; relative references in a schema without <c>$id</c> resolve against it.</summary>
    public const string RootDocumentUri = "https://mcpgateway.invalid/schema.json";

    private readonly SchemaRegistry _registry;
    private readonly Dictionary<string, SchemaResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<(SchemaDocument Document, string Pointer), SchemaNode> _nodes = new();
    private readonly Queue<(SchemaNode Node, SchemaDocument Document, string Pointer, JsonElement Element)> _pending = new();
    private readonly Dictionary<string, DialectInfo> _dialects = new(StringComparer.Ordinal);

    public SchemaCompiler(SchemaRegistry registry, SchemaLoadOptions options)
    {
        _registry = registry;
        Options = options;
        Patterns = new PatternFactory(options.RegexMatchTimeout);
    }

    public SchemaLoadOptions Options { get; }

    public PatternFactory Patterns { get; }

    public SchemaNode CompileRoot(JsonElement schema)
    {
        var document = new SchemaDocument(RootDocumentUri, schema, isRootDocument: true);
        ScanDocument(document, DialectInfo.For(Options.DefaultDialect));
        var root = GetNode(document, string.Empty);
        while (_pending.Count > 0)
        {
            var (node, doc, pointer, element) = _pending.Dequeue();
            new NodeCompiler(this, node, doc, pointer, element).Compile();
        }

        return root;
    }

    /// <summary>The node for a document position, created (and queued for compilation) on first request.</summary>
    public SchemaNode GetNode(SchemaDocument document, string pointer)
    {
        if (_nodes.TryGetValue((document, pointer), out var existing))
        {
            return existing;
        }

        if (!JsonPointer.TryNavigate(document.Root, pointer, out var element))
        {
            throw new SchemaLoadException("Reference target does not exist.", document.LocationPrefix + pointer);
        }

        if (!document.Scopes.TryGetValue(pointer, out var resource))
        {
            // A position that is not under a known keyword (e.g. inside an unknown keyword) reached by JSON Pointer.
            var parent = document.FindScope(pointer)
                ?? throw new SchemaLoadException("Reference target is outside any schema.", document.LocationPrefix + pointer);
            new DocumentScanner(this, document).Scan(element, pointer, parent, depth: 0, isDocumentRoot: false);
            resource = document.Scopes.TryGetValue(pointer, out var scanned) ? scanned : parent;
        }

        if (_nodes.Count >= Options.MaxSubschemas)
        {
            throw new SchemaLoadException($"Schema has more than {Options.MaxSubschemas} subschemas (MaxSubschemas).", document.LocationPrefix + pointer);
        }

        var node = new SchemaNode(resource, document.LocationPrefix + pointer);
        _nodes[(document, pointer)] = node;
        _pending.Enqueue((node, document, pointer, element));
        return node;
    }

    public void RegisterResource(SchemaResource resource, string location)
    {
        if (_resources.TryGetValue(resource.BaseUri, out var existing))
        {
            if (!ReferenceEquals(existing.Document, resource.Document) || existing.RootPointer != resource.RootPointer)
            {
                throw new SchemaLoadException($"Duplicate schema identifier '{resource.BaseUri}'.", location);
            }

            return;
        }

        _resources[resource.BaseUri] = resource;
    }

    public void RegisterAlias(string uri, SchemaResource resource) => _resources.TryAdd(uri, resource);

    private void ScanDocument(SchemaDocument document, DialectInfo defaultDialect)
    {
        var placeholder = new SchemaResource(document.Uri, document, string.Empty, defaultDialect);
        var scanner = new DocumentScanner(this, document);
        scanner.Scan(document.Root, string.Empty, placeholder, depth: 0, isDocumentRoot: true);
        foreach (var resource in scanner.CreatedResources)
        {
            foreach (var (name, pointer) in resource.DynamicAnchorPointers)
            {
                resource.SetDynamicAnchor(name, GetNode(document, pointer));
            }
        }
    }

    /// <summary>The resource for an absolute URI (no fragment): in this compilation already, or loaded from the registry.</summary>
    private SchemaResource? FindResource(string uri, DialectInfo defaultDialect)
    {
        if (_resources.TryGetValue(uri, out var resource))
        {
            return resource;
        }

        if (!_registry.TryGet(uri, out var element))
        {
            return null;
        }

        var document = new SchemaDocument(uri, element, isRootDocument: false);
        ScanDocument(document, defaultDialect);
        return _resources.TryGetValue(uri, out resource) ? resource : null;
    }
}
