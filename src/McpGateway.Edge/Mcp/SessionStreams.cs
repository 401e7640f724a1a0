using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The open server-to-client streams of this node's sessions (Streamable HTTP GET streams and legacy SSE streams),
/// by session id. A change of the catalogue is announced on the streams of the sessions that can see it: the kinds of
/// list that changed, on the unscoped endpoint and on the scopes concerned.
/// </summary>
internal sealed class SessionStreams : IDisposable
{
    private readonly ConcurrentDictionary<string, (string? Scope, SseStream Stream)> _streams = new(StringComparer.Ordinal);
    private readonly ICatalogue _catalogue;
    private readonly Lock _lastLock = new();
    private CatalogueSnapshot _last;

    public SessionStreams(ICatalogue catalogue)
    {
        _catalogue = catalogue;
        _last = catalogue.Current;
        _catalogue.Changed += OnCatalogueChanged;
    }

    public int Count => _streams.Count;

    public bool TryAdd(string sessionId, string? scope, SseStream stream) => _streams.TryAdd(sessionId, (scope, stream));

    public void Remove(string sessionId, SseStream stream)
    {
        if (_streams.TryGetValue(sessionId, out var entry) && ReferenceEquals(entry.Stream, stream))
        {
            _streams.TryRemove(new KeyValuePair<string, (string?, SseStream)>(sessionId, entry));
        }
    }

    /// <summary>Sends a message on a session's stream when it has one on this node.</summary>
    public bool TryWrite(string sessionId, JsonObject message)
    {
        if (!_streams.TryGetValue(sessionId, out var entry))
        {
            return false;
        }

        _ = entry.Stream.WriteMessageAsync(message);
        return true;
    }

    /// <summary>Ends the streams of sessions that were ended or evicted.</summary>
    public void Close(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            if (_streams.TryRemove(id, out var entry))
            {
                entry.Stream.Close();
            }
        }
    }

    private void OnCatalogueChanged(CatalogueSnapshot snapshot)
    {
        IReadOnlySet<(CatalogueKind Kind, string Scope)> changes;
        lock (_lastLock)
        {
            changes = CatalogueChanges.Between(_last, snapshot);
            _last = snapshot;
        }

        foreach (var (scope, stream) in _streams.Values)
        {
            foreach (var kind in changes.Where(c => scope is null || c.Scope == scope).Select(c => c.Kind).Distinct())
            {
                _ = stream.WriteMessageAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = Method(kind) });
            }
        }
    }

    private static string Method(CatalogueKind kind) => kind switch
    {
        CatalogueKind.Tool => "notifications/tools/list_changed",
        CatalogueKind.Prompt => "notifications/prompts/list_changed",
        _ => "notifications/resources/list_changed",
    };

    public void Dispose() => _catalogue.Changed -= OnCatalogueChanged;
}
