using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace McpGateway.Upstreams.Grpc.Events;

/// <summary>
/// Where every provider event arrives, from the Stream RPC or NATS JetStream: each <c>(source, id)</c> is taken once
/// (the last <see cref="Remembered"/> ids are remembered; a repeat is counted and dropped), logged with its
/// correlation id, counted, and kept in the source's feed (its last <see cref="FeedLength"/> events), which the grpc
/// backends offer as the resource <c>mcpgw-events://&lt;backend&gt;</c> (docs/mcp-surface.md#events).
/// </summary>
public sealed partial class ProviderEventHub(ILogger<ProviderEventHub> logger)
{
    public const int Remembered = 100_000;
    public const int FeedLength = 100;

    /// <summary>Sources kept apart in feeds and counts; events of further sources count under <see cref="OtherSource"/>.</summary>
    public const int MaxSources = 1000;
    public const string OtherSource = "(other)";

    private readonly Lock _lock = new();
    private readonly HashSet<(string Source, string Id)> _seen = [];
    private readonly Queue<(string Source, string Id)> _order = new();
    private readonly Dictionary<string, Queue<ProviderEvent>> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Source, string Via), long> _received = new();
    private readonly ConcurrentDictionary<string, long> _duplicates = new(StringComparer.Ordinal);

    /// <summary>Raised with the source after a new event entered its feed.</summary>
    public event Action<string>? Published;

    /// <summary>Events taken, by source and way of arrival.</summary>
    public IReadOnlyDictionary<(string Source, string Via), long> Received => _received;

    /// <summary>Repeats dropped, by source.</summary>
    public IReadOnlyDictionary<string, long> Duplicates => _duplicates;

    /// <summary>Takes an event; false when its <c>(source, id)</c> was already taken (or it has no id).</summary>
    public bool Accept(ProviderEvent providerEvent)
    {
        if (providerEvent.Id.Length == 0 || providerEvent.Source.Length == 0)
        {
            LogRefused(providerEvent.Source, providerEvent.Via);
            return false;
        }

        lock (_lock)
        {
            var key = (providerEvent.Source, providerEvent.Id);
            if (!_seen.Add(key))
            {
                _duplicates.AddOrUpdate(_feeds.ContainsKey(providerEvent.Source) ? providerEvent.Source : OtherSource, 1, (_, n) => n + 1);
                LogDuplicate(providerEvent.Id, providerEvent.Source, providerEvent.Via);
                return false;
            }

            _order.Enqueue(key);
            if (_order.Count > Remembered)
            {
                _seen.Remove(_order.Dequeue());
            }

            if (!_feeds.TryGetValue(providerEvent.Source, out var feed))
            {
                if (_feeds.Count >= MaxSources)
                {
                    _received.AddOrUpdate((OtherSource, providerEvent.Via), 1, (_, n) => n + 1);
                    return true;
                }

                feed = new Queue<ProviderEvent>();
                _feeds[providerEvent.Source] = feed;
            }

            feed.Enqueue(providerEvent);
            if (feed.Count > FeedLength)
            {
                feed.Dequeue();
            }
        }

        _received.AddOrUpdate((providerEvent.Source, providerEvent.Via), 1, (_, n) => n + 1);
        LogEvent(providerEvent.Id, providerEvent.Type, providerEvent.Source, providerEvent.Via, providerEvent.CorrelationId, providerEvent.Subject);
        Published?.Invoke(providerEvent.Source);
        return true;
    }

    /// <summary>The source's feed, oldest first, as CloudEvents in their JSON form.</summary>
    public JsonArray Feed(string source)
    {
        ProviderEvent[] events;
        lock (_lock)
        {
            events = _feeds.TryGetValue(source, out var feed) ? [.. feed] : [];
        }

        var array = new JsonArray();
        foreach (var e in events)
        {
            JsonNode? data;
            try
            {
                data = e.DataJson.Length == 0 ? null : JsonNode.Parse(e.DataJson);
            }
            catch (System.Text.Json.JsonException)
            {
                data = e.DataJson;
            }

            array.Add(new JsonObject
            {
                ["specversion"] = "1.0", ["id"] = e.Id, ["source"] = e.Source, ["type"] = e.Type, ["subject"] = e.Subject,
                ["time"] = e.Time, ["datacontenttype"] = "application/json", ["data"] = data, ["correlationid"] = e.CorrelationId,
            });
        }

        return array;
    }

    [LoggerMessage(EventId = 7610, Level = LogLevel.Information, Message = "Provider event {EventId} ({Type}) from {Source} via {Via}, correlation id {CorrelationId}, subject {Subject}")]
    private partial void LogEvent(string eventId, string type, string source, string via, string correlationId, string subject);

    [LoggerMessage(EventId = 7611, Level = LogLevel.Debug, Message = "Provider event {EventId} from {Source} via {Via} was already taken; dropped")]
    private partial void LogDuplicate(string eventId, string source, string via);

    [LoggerMessage(EventId = 7612, Level = LogLevel.Warning, Message = "A provider event without id or source arrived from '{Source}' via {Via}; dropped")]
    private partial void LogRefused(string source, string via);
}
