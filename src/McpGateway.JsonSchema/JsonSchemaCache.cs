using System.Collections.Concurrent;
using System.Text.Json;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema;

/// <summary>
/// Compiles schemas once and reuses them, keyed by the SHA-256 of their canonical JSON, so the same schema
/// text arriving again (from another tool, session or node) is not recompiled. Thread-safe; bounded.
/// </summary>
public sealed class JsonSchemaCache
{
    private readonly ConcurrentDictionary<string, Lazy<CompiledSchema>> entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> insertionOrder = new();
    private readonly SchemaRegistry registry;
    private readonly SchemaLoadOptions options;
    private readonly int capacity;
    private long hits;
    private long misses;

    /// <summary>Creates a cache.</summary>
    /// <param name="registry">Documents references may reach; null means only the built-in meta-schemas.</param>
    /// <param name="options">Load limits used for every compilation; null means defaults.</param>
    /// <param name="capacity">Maximum cached schemas; the oldest are evicted beyond it. Defaults to 4096.</param>
    public JsonSchemaCache(SchemaRegistry? registry = null, SchemaLoadOptions? options = null, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.registry = registry ?? new SchemaRegistry();
        this.options = options ?? SchemaLoadOptions.Default;
        this.capacity = capacity;
    }

    /// <summary>The registry this cache compiles against.</summary>
    public SchemaRegistry Registry => registry;

    /// <summary>Number of cached schemas.</summary>
    public int Count => entries.Count;

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref hits);

    /// <summary>Lookups that compiled.</summary>
    public long Misses => Interlocked.Read(ref misses);

    /// <summary>Returns the compiled form of <paramref name="schema"/>, compiling it on first sight of its content.</summary>
    /// <exception cref="SchemaLoadException">The schema cannot be compiled (failures are not cached).</exception>
    public CompiledSchema GetOrCompile(JsonElement schema)
    {
        var hash = JsonCanonicalHash.Compute(schema, options.MaxDepth);
        if (entries.TryGetValue(hash, out var existing) && TryGetValue(hash, existing, out var cached))
        {
            Interlocked.Increment(ref hits);
            return cached;
        }

        var copy = schema.Clone();
        var lazy = new Lazy<CompiledSchema>(() => CompiledSchema.Compile(copy, hash, registry, options), LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = entries.GetOrAdd(hash, lazy);
        if (ReferenceEquals(entry, lazy))
        {
            Interlocked.Increment(ref misses);
            insertionOrder.Enqueue(hash);
            Evict();
        }
        else
        {
            Interlocked.Increment(ref hits);
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            entries.TryRemove(new KeyValuePair<string, Lazy<CompiledSchema>>(hash, entry));
            throw;
        }
    }

    /// <summary>Drops every cached schema.</summary>
    public void Clear() => entries.Clear();

    private bool TryGetValue(string hash, Lazy<CompiledSchema> entry, out CompiledSchema schema)
    {
        try
        {
            schema = entry.Value;
            return true;
        }
        catch (SchemaLoadException)
        {
            entries.TryRemove(new KeyValuePair<string, Lazy<CompiledSchema>>(hash, entry));
            schema = null!;
            return false;
        }
    }

    private void Evict()
    {
        while (entries.Count > capacity && insertionOrder.TryDequeue(out var oldest))
        {
            entries.TryRemove(oldest, out _);
        }
    }
}
