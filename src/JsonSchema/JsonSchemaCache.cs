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
    private readonly ConcurrentDictionary<string, Lazy<CompiledSchema>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _insertionOrder = new();
    private readonly SchemaRegistry _registry;
    private readonly SchemaLoadOptions _options;
    private readonly int _capacity;
    private long _hits;
    private long _misses;

    /// <summary>Creates a cache.</summary>
    /// <param name="registry">Documents references may reach; null means only the built-in meta-schemas.</param>
    /// <param name="options">Load limits used for every compilation; null means defaults.</param>
    /// <param name="capacity">Maximum cached schemas; the oldest are evicted beyond it. Defaults to 4096.</param>
    public JsonSchemaCache(SchemaRegistry? registry = null, SchemaLoadOptions? options = null, int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _registry = registry ?? new SchemaRegistry();
        _options = options ?? SchemaLoadOptions.Default;
        _capacity = capacity;
    }

    /// <summary>The registry this cache compiles against.</summary>
    public SchemaRegistry Registry => _registry;

    /// <summary>Number of cached schemas.</summary>
    public int Count => _entries.Count;

    /// <summary>Lookups answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that compiled.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Returns the compiled form of <paramref name="schema"/>, compiling it on first sight of its content.</summary>
    /// <exception cref="SchemaLoadException">The schema cannot be compiled (failures are not cached).</exception>
    public CompiledSchema GetOrCompile(JsonElement schema)
    {
        var hash = JsonCanonicalHash.Compute(schema, _options.MaxDepth);
        if (_entries.TryGetValue(hash, out var existing) && TryGetValue(hash, existing, out var cached))
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }

        var copy = schema.Clone();
        var lazy = new Lazy<CompiledSchema>(() => CompiledSchema.Compile(copy, hash, _registry, _options), LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = _entries.GetOrAdd(hash, lazy);
        if (ReferenceEquals(entry, lazy))
        {
            Interlocked.Increment(ref _misses);
            _insertionOrder.Enqueue(hash);
            Evict();
        }
        else
        {
            Interlocked.Increment(ref _hits);
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<CompiledSchema>>(hash, entry));
            throw;
        }
    }

    /// <summary>Drops every cached schema.</summary>
    public void Clear() => _entries.Clear();

    private bool TryGetValue(string hash, Lazy<CompiledSchema> entry, out CompiledSchema schema)
    {
        try
        {
            schema = entry.Value;
            return true;
        }
        catch (SchemaLoadException)
        {
            _entries.TryRemove(new KeyValuePair<string, Lazy<CompiledSchema>>(hash, entry));
            schema = null!;
            return false;
        }
    }

    private void Evict()
    {
        while (_entries.Count > _capacity && _insertionOrder.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }
}
