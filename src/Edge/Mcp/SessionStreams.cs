using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The open server-to-client streams of this node: the streams of sessions (Streamable HTTP GET streams, legacy SSE
/// streams) and the <c>subscriptions/listen</c> streams of the stateless revision, by id. A change of the catalogue is
/// announced on the streams that can see it (the kinds of list that changed, on the unscoped endpoint and on the
/// scopes concerned) and want it.
/// </summary>
internal sealed class SessionStreams : IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _streams = new(StringComparer.Ordinal);
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

    /// <summary>Registers the stream of a session (its id is the session's) opened by <paramref name="caller"/>.</summary>
    public bool TryAddSession(string sessionId, string? scope, CallerIdentity caller, SseStream stream) =>
        _streams.TryAdd(sessionId, new Entry(scope, stream, null, null, caller));

    /// <summary>Registers a listen stream: <paramref name="wants"/> filters notification methods; what it sends is
    /// tagged with its <paramref name="subscriptionId"/>.</summary>
    public bool TryAddListener(string id, string? scope, SseStream stream, Func<string, bool> wants, JsonNode subscriptionId) =>
        _streams.TryAdd(id, new Entry(scope, stream, wants, subscriptionId, null));

    /// <summary>Sends a notification on the stream of every session here for which <paramref name="wants"/> (session id, scope, caller) holds.</summary>
    public void NotifySessions(Func<string, string?, CallerIdentity, bool> wants, string method, JsonObject parameters)
    {
        foreach (var (id, entry) in _streams)
        {
            if (entry.Caller is { } caller && wants(id, entry.Scope, caller))
            {
                _ = entry.Stream.WriteMessageAsync(entry.Notification(method, parameters));
            }
        }
    }

    public void Remove(string id, SseStream stream)
    {
        if (_streams.TryGetValue(id, out var entry) && ReferenceEquals(entry.Stream, stream))
        {
            _streams.TryRemove(new KeyValuePair<string, Entry>(id, entry));
        }
    }

    /// <summary>Sends a notification on a stream of this node, if it is there and wants it.</summary>
    public bool TryNotify(string id, string method, JsonObject parameters)
    {
        if (!_streams.TryGetValue(id, out var entry) || entry.Wants?.Invoke(method) == false)
        {
            return false;
        }

        _ = entry.Stream.WriteMessageAsync(entry.Notification(method, parameters));
        return true;
    }

    /// <summary>
    /// Sends any message (a request to the client) on a stream of this node; false when it is not here, or refused it at
    /// once (closed, or over its bounds of undelivered messages and so closed now).
    /// </summary>
    public bool TrySend(string id, JsonObject message)
    {
        if (!_streams.TryGetValue(id, out var entry))
        {
            return false;
        }

        var sent = entry.Stream.WriteMessageAsync(message);
        return !sent.IsCompletedSuccessfully || sent.Result;
    }

    /// <summary>Ends the streams of sessions that were ended or evicted.</summary>
    public void Close(IEnumerable<string> ids)
    {
        foreach (var id in ids)
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
            // Rebuilds of several backends can announce themselves out of order: an older snapshot says nothing new.
            if (snapshot.Version <= _last.Version)
            {
                return;
            }

            changes = CatalogueChanges.Between(_last, snapshot);
            _last = snapshot;
        }

        foreach (var entry in _streams.Values)
        {
            foreach (var kind in changes.Where(c => entry.Scope is null || c.Scope == entry.Scope).Select(c => c.Kind).Distinct())
            {
                var method = Method(kind);
                if (entry.Wants?.Invoke(method) != false)
                {
                    _ = entry.Stream.WriteMessageAsync(entry.Notification(method, []));
                }
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

    /// <summary>A stream: a session's (with the caller that opened it) or a listen stream (with its filter and id).</summary>
    private sealed record Entry(string? Scope, SseStream Stream, Func<string, bool>? Wants, JsonNode? SubscriptionId, CallerIdentity? Caller)
    {
        public JsonObject Notification(string method, JsonObject parameters)
        {
            var copy = (JsonObject)parameters.DeepClone();
            if (SubscriptionId is not null)
            {
                var meta = copy["_meta"] as JsonObject ?? [];
                meta[McpHeaders.MetaSubscriptionId] = SubscriptionId.DeepClone();
                copy["_meta"] = meta;
            }

            var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
            if (copy.Count > 0)
            {
                message["params"] = copy;
            }

            return message;
        }
    }
}
