using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;
using McpGateway.Core.Sessions;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The sessions this node read from the session store within the last <c>fresh</c> (a second): a session's requests are
/// served with the record read by the first of them instead of a grain call each (the grain learns of the activity at
/// the next read, at most that much later). A session that changes or ends anywhere is dropped at once (its
/// grain tells every node that read it); a legacy SSE session (2024-11-05) is never kept. Entries past their freshness
/// are swept, so what is kept is the sessions used here lately. Each request gets its own copy of the client's data.
/// </summary>
internal sealed class RecentSessions(TimeProvider time, TimeSpan fresh)
{
    /// <summary>How many entries may be kept before stale ones are swept out.</summary>
    private const int SweepAbove = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _drops;
    private long _nextSweep;

    /// <summary>
    /// Counts drops: taken before a read of the store and passed to <see cref="Keep"/>, so that a record read while its
    /// session changed is not kept.
    /// </summary>
    public long Version => Interlocked.Read(ref _drops);

    /// <summary>A copy of the session's record when it was read here within the freshness.</summary>
    public SessionRecord? Find(string sessionId) =>
        _entries.TryGetValue(sessionId, out var entry) && time.GetTimestamp() < entry.FreshUntil ? entry.Record with
        {
            ClientInfo = Parse(entry.ClientInfo),
            ClientCapabilities = Parse(entry.ClientCapabilities),
        }
        : null;

    /// <summary>Keeps a copy of <paramref name="session"/> just read from the store, unless a session was dropped since <paramref name="version"/>.</summary>
    public void Keep(SessionRecord session, long version)
    {
        if (session.ProtocolVersion == McpRevisions.V2024_11_05)
        {
            return;
        }

        var now = time.GetTimestamp();
        var entry = new Entry(
            session with { ClientInfo = null, ClientCapabilities = null },
            session.ClientInfo?.ToJsonString(),
            session.ClientCapabilities?.ToJsonString(),
            now + (long)(fresh.TotalSeconds * time.TimestampFrequency));
        if (Version == version)
        {
            _entries[session.Id] = entry;
            if (Version != version)
            {
                // Dropped meanwhile: what was just kept may predate the change.
                _entries.TryRemove(new KeyValuePair<string, Entry>(session.Id, entry));
            }
        }

        if (_entries.Count > SweepAbove && now >= Interlocked.Read(ref _nextSweep))
        {
            Interlocked.Exchange(ref _nextSweep, entry.FreshUntil);
            foreach (var (id, kept) in _entries)
            {
                if (kept.FreshUntil <= now)
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(id, kept));
                }
            }
        }
    }

    /// <summary>Drops the session (changed or ended): its next request reads the store again.</summary>
    public void Drop(string sessionId)
    {
        Interlocked.Increment(ref _drops);
        _entries.TryRemove(sessionId, out _);
    }

    private static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    /// <summary>A kept record; the client's data as text (a JSON node is read lazily, so it is not safe to share).</summary>
    private sealed record Entry(SessionRecord Record, string? ClientInfo, string? ClientCapabilities, long FreshUntil);
}
