using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Compilation;

internal sealed partial class SchemaCompiler
{
    private const int MaxMetaSchemaChain = 8;

    /// <summary>Resolves a <c>$ref</c>/<c>$dynamicRef</c> value; the anchor name is returned when the fragment is a plain name.</summary>
    public (SchemaNode Node, string? Anchor) ResolveReference(string reference, SchemaResource from, string location)
    {
        var absolute = UriHelper.Resolve(from.BaseUri, reference)
            ?? throw new SchemaLoadException($"Cannot resolve reference '{reference}' against base URI '{from.BaseUri}'.", location);
        var (uri, fragment) = UriHelper.SplitFragment(absolute);
        uri = UriHelper.Normalize(uri);
        var resource = FindResource(uri, from.Dialect)
            ?? throw new SchemaLoadException(
                $"Unresolvable reference '{reference}': '{uri}' is neither part of this schema nor registered in the SchemaRegistry (remote schemas are never fetched).",
                location);
        var decoded = fragment is null ? string.Empty : Uri.UnescapeDataString(fragment);
        if (decoded.Length == 0)
        {
            return (GetNode(resource.Document, resource.RootPointer), null);
        }

        if (decoded[0] == '/')
        {
            var pointer = resource.RootPointer + decoded;
            if (!JsonPointer.TryNavigate(resource.Document.Root, pointer, out _))
            {
                throw new SchemaLoadException($"Unresolvable reference '{reference}': no value at JSON Pointer '{decoded}'.", location);
            }

            return (GetNode(resource.Document, pointer), null);
        }

        if (!resource.Anchors.TryGetValue(decoded, out var anchorPointer))
        {
            throw new SchemaLoadException($"Unresolvable reference '{reference}': no anchor '{decoded}' in '{uri}'.", location);
        }

        return (GetNode(resource.Document, anchorPointer), decoded);
    }

    /// <summary>Dialect and vocabularies selected by a <c>$schema</c> value.</summary>
    public DialectInfo ResolveDialect(string metaSchemaUri, string location) => ResolveDialect(metaSchemaUri, location, 0);

    private DialectInfo ResolveDialect(string metaSchemaUri, string location, int chain)
    {
        if (KnownDialects.TryGetMetaSchema(metaSchemaUri, out var known))
        {
            return known;
        }

        var uri = UriHelper.Normalize(UriHelper.SplitFragment(metaSchemaUri).WithoutFragment);
        if (_dialects.TryGetValue(uri, out var cached))
        {
            return cached;
        }

        if (chain > MaxMetaSchemaChain || !_registry.TryGet(uri, out var meta) || meta.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaLoadException(
                $"Unknown \"$schema\" '{metaSchemaUri}': use draft 2020-12 or draft-07, or register the meta-schema in the SchemaRegistry.",
                location);
        }

        var baseDialect = DialectInfo.Draft202012;
        if (meta.TryGetProperty("$schema", out var metaOfMeta) && metaOfMeta.ValueKind == JsonValueKind.String
            && !string.Equals(UriHelper.Normalize(UriHelper.SplitFragment(metaOfMeta.GetString()!).WithoutFragment), uri, StringComparison.Ordinal))
        {
            baseDialect = ResolveDialect(metaOfMeta.GetString()!, location, chain + 1);
        }

        var result = baseDialect;
        if (meta.TryGetProperty("$vocabulary", out var vocabulary) && vocabulary.ValueKind == JsonValueKind.Object)
        {
            var flags = Vocabularies.Core;
            foreach (var entry in vocabulary.EnumerateObject())
            {
                if (KnownDialects.TryGetVocabulary(entry.Name, out var flag))
                {
                    flags |= flag;
                }
                else if (entry.Value.ValueKind == JsonValueKind.True)
                {
                    throw new SchemaLoadException($"Meta-schema '{uri}' requires the unsupported vocabulary '{entry.Name}'.", location);
                }
            }

            result = new DialectInfo(baseDialect.Dialect, flags);
        }

        _dialects[uri] = result;
        return result;
    }
}
