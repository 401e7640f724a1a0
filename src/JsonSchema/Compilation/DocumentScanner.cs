using System.Text.Json;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Compilation;

/// <summary>
/// Walks the schema positions of a document (only under keywords known to hold subschemas, so an
/// <c>$id</c> inside <c>const</c> or an unknown keyword is not an identifier) and records resources,
/// anchors and the resource of every position.
/// </summary>
internal sealed class DocumentScanner
{
    private static readonly string[] Single2020 =
        ["additionalProperties", "propertyNames", "contains", "items", "if", "then", "else", "not", "unevaluatedItems", "unevaluatedProperties", "contentSchema"];

    private static readonly string[] Map2020 = ["$defs", "definitions", "properties", "patternProperties", "dependentSchemas", "dependencies"];

    private static readonly string[] Array2020 = ["allOf", "anyOf", "oneOf", "prefixItems"];

    private static readonly string[] Single7 = ["additionalProperties", "propertyNames", "contains", "items", "additionalItems", "if", "then", "else", "not"];

    private static readonly string[] Map7 = ["definitions", "properties", "patternProperties", "dependencies"];

    private static readonly string[] Array7 = ["allOf", "anyOf", "oneOf", "items"];

    private static readonly string[] RefSiblings7 = ["definitions"];

    private readonly SchemaCompiler _compiler;
    private readonly SchemaDocument _document;

    public DocumentScanner(SchemaCompiler compiler, SchemaDocument document)
    {
        _compiler = compiler;
        _document = document;
    }

    public List<SchemaResource> CreatedResources { get; } = [];

    public void Scan(JsonElement element, string pointer, SchemaResource resource, int depth, bool isDocumentRoot)
    {
        var location = _document.LocationPrefix + pointer;
        if (depth > _compiler.Options.MaxDepth)
        {
            throw new SchemaLoadException($"Schema nesting is deeper than the limit of {_compiler.Options.MaxDepth} (MaxDepth).", location);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                _document.Scopes.TryAdd(pointer, resource);
            }

            return;
        }

        resource = EnterResource(element, pointer, resource, isDocumentRoot, location, out var ignoreSiblings);
        _document.Scopes[pointer] = resource;
        if (ignoreSiblings)
        {
            ScanChildren(element, pointer, resource, depth, [], RefSiblings7, []);
        }
        else if (resource.Dialect.Dialect == SchemaDialect.Draft7)
        {
            ScanChildren(element, pointer, resource, depth, Single7, Map7, Array7);
        }
        else
        {
            ScanChildren(element, pointer, resource, depth, Single2020, Map2020, Array2020);
        }
    }

    private SchemaResource EnterResource(JsonElement element, string pointer, SchemaResource resource, bool isDocumentRoot, string location, out bool ignoreSiblings)
    {
        DialectInfo? declared = null;
        if (element.TryGetProperty("$schema", out var schemaValue) && schemaValue.ValueKind == JsonValueKind.String)
        {
            declared = _compiler.ResolveDialect(schemaValue.GetString()!, location);
        }

        var dialect = declared ?? resource.Dialect;
        ignoreSiblings = dialect.Dialect == SchemaDialect.Draft7 && element.TryGetProperty("$ref", out _);
        string? newBase = null;
        string? legacyAnchor = null;
        if (!ignoreSiblings && element.TryGetProperty("$id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            var text = id.GetString()!;
            if (dialect.Dialect == SchemaDialect.Draft7 && text.StartsWith('#'))
            {
                legacyAnchor = text[1..];
            }
            else
            {
                var resolved = UriHelper.Resolve(resource.BaseUri, text)
                    ?? throw new SchemaLoadException($"Cannot resolve \"$id\" '{text}' against '{resource.BaseUri}'.", location);
                var (withoutFragment, fragment) = UriHelper.SplitFragment(resolved);
                newBase = UriHelper.Normalize(withoutFragment);
                if (dialect.Dialect == SchemaDialect.Draft7 && !string.IsNullOrEmpty(fragment))
                {
                    legacyAnchor = fragment;
                }
            }
        }

        if (isDocumentRoot || newBase is not null)
        {
            var created = new SchemaResource(newBase ?? resource.BaseUri, _document, pointer, dialect);
            _compiler.RegisterResource(created, location);
            if (isDocumentRoot)
            {
                _compiler.RegisterAlias(_document.Uri, created);
            }

            CreatedResources.Add(created);
            resource = created;
        }

        if (legacyAnchor is { Length: > 0 })
        {
            AddAnchor(resource, legacyAnchor, pointer, location);
        }

        if (resource.Dialect.Dialect == SchemaDialect.Draft202012 && !ignoreSiblings)
        {
            if (element.TryGetProperty("$anchor", out var anchor) && anchor.ValueKind == JsonValueKind.String)
            {
                AddAnchor(resource, anchor.GetString()!, pointer, location);
            }

            if (element.TryGetProperty("$dynamicAnchor", out var dynamicAnchor) && dynamicAnchor.ValueKind == JsonValueKind.String)
            {
                var name = dynamicAnchor.GetString()!;
                AddAnchor(resource, name, pointer, location);
                resource.DynamicAnchorPointers[name] = pointer;
            }
        }

        return resource;
    }

    private static void AddAnchor(SchemaResource resource, string name, string pointer, string location)
    {
        if (resource.Anchors.TryGetValue(name, out var existing) && existing != pointer)
        {
            throw new SchemaLoadException($"Duplicate anchor '{name}' in '{resource.BaseUri}'.", location);
        }

        resource.Anchors[name] = pointer;
    }

    private void ScanChildren(JsonElement element, string pointer, SchemaResource resource, int depth, string[] single, string[] maps, string[] arrays)
    {
        foreach (var keyword in single)
        {
            if (element.TryGetProperty(keyword, out var child) && child.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False)
            {
                Scan(child, JsonPointer.Append(pointer, keyword), resource, depth + 1, isDocumentRoot: false);
            }
        }

        foreach (var keyword in maps)
        {
            if (element.TryGetProperty(keyword, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                var mapPointer = JsonPointer.Append(pointer, keyword);
                foreach (var entry in map.EnumerateObject())
                {
                    Scan(entry.Value, JsonPointer.Append(mapPointer, entry.Name), resource, depth + 2, isDocumentRoot: false);
                }
            }
        }

        foreach (var keyword in arrays)
        {
            if (element.TryGetProperty(keyword, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                var arrayPointer = JsonPointer.Append(pointer, keyword);
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    Scan(item, JsonPointer.Append(arrayPointer, index++), resource, depth + 2, isDocumentRoot: false);
                }
            }
        }
    }
}
