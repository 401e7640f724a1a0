using System.Collections.Concurrent;
using System.Text.Json;
using McpGateway.JsonSchema.Json;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema;

/// <summary>
/// Documents that <c>$ref</c> and <c>$schema</c> may reach by absolute URI. Nothing is ever fetched over the
/// network: a reference to a URI that is neither inside the schema nor registered here is a
/// <see cref="SchemaLoadException"/>. The draft 2020-12 and draft-07 meta-schemas are always available.
/// Thread-safe.
/// </summary>
public sealed class SchemaRegistry
{
    private readonly ConcurrentDictionary<string, JsonElement> _documents = new(StringComparer.Ordinal);

    /// <summary>Number of registered documents (built-in meta-schemas not counted).</summary>
    public int Count => _documents.Count;

    /// <summary>Registers <paramref name="document"/> under <paramref name="uri"/> (and under its root <c>$id</c>, if any).</summary>
    /// <param name="uri">Absolute URI without a fragment, e.g. <c>https://example.com/schemas/address.json</c>.</param>
    /// <param name="document">The schema document; it is copied, so the caller may dispose its <see cref="JsonDocument"/>.</param>
    /// <exception cref="ArgumentException">The URI is not absolute, has a fragment, or is already registered with other content.</exception>
    public void Register(string uri, JsonElement document)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var (withoutFragment, fragment) = UriHelper.SplitFragment(uri);
        if (!UriHelper.IsAbsolute(withoutFragment) || !string.IsNullOrEmpty(fragment))
        {
            throw new ArgumentException($"Schema URI '{uri}' must be absolute and have no fragment.", nameof(uri));
        }

        var copy = document.Clone();
        Add(UriHelper.Normalize(withoutFragment), copy);
        if (copy.ValueKind == JsonValueKind.Object
            && copy.TryGetProperty("$id", out var id)
            && id.ValueKind == JsonValueKind.String
            && UriHelper.Resolve(withoutFragment, id.GetString()!) is { } resolvedId)
        {
            var idWithoutFragment = UriHelper.SplitFragment(resolvedId).WithoutFragment;
            if (idWithoutFragment.Length > 0 && !string.Equals(idWithoutFragment, UriHelper.Normalize(withoutFragment), StringComparison.Ordinal))
            {
                Add(idWithoutFragment, copy);
            }
        }
    }

    /// <summary>Registers a document under its own root <c>$id</c>.</summary>
    /// <exception cref="ArgumentException">The document has no absolute <c>$id</c>.</exception>
    public void Register(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("$id", out var id)
            || id.ValueKind != JsonValueKind.String
            || !UriHelper.IsAbsolute(id.GetString()!))
        {
            throw new ArgumentException("The document has no absolute \"$id\"; use Register(uri, document).", nameof(document));
        }

        Register(UriHelper.SplitFragment(id.GetString()!).WithoutFragment, document);
    }

    /// <summary>True when <paramref name="uri"/> resolves to a registered or built-in document.</summary>
    public bool Contains(string uri) => TryGet(UriHelper.Normalize(UriHelper.SplitFragment(uri).WithoutFragment), out _);

    internal bool TryGet(string normalizedUri, out JsonElement document)
        => _documents.TryGetValue(normalizedUri, out document) || BuiltInSchemas.TryGet(normalizedUri, out document);

    private void Add(string key, JsonElement document)
    {
        var existing = _documents.GetOrAdd(key, document);
        if (!JsonEquality.AreEqual(existing, document))
        {
            throw new ArgumentException($"A different schema is already registered under '{key}'.", nameof(document));
        }
    }
}
