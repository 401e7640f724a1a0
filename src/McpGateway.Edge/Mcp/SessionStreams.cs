using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The open server-to-client streams of this node's sessions (Streamable HTTP GET streams and legacy SSE streams),
/// by session id. List changes of the catalogue are announced on every one.
/// </summary>
internal sealed class SessionStreams : IDisposable
{
    private static readonly string[] ListChanged =
        ["notifications/tools/list_changed", "notifications/prompts/list_changed", "notifications/resources/list_changed"];

    private readonly ConcurrentDictionary<string, SseStream> _streams = new(StringComparer.Ordinal);
    private readonly ICatalogue _catalogue;

    public SessionStreams(ICatalogue catalogue)
    {
        _catalogue = catalogue;
        _catalogue.Changed += OnCatalogueChanged;
    }

    public int Count => _streams.Count;

    public bool TryAdd(string sessionId, SseStream stream) => _streams.TryAdd(sessionId, stream);

    public void Remove(string sessionId, SseStream stream) => _streams.TryRemove(new KeyValuePair<string, SseStream>(sessionId, stream));

    public bool TryGet(string sessionId, out SseStream stream) => _streams.TryGetValue(sessionId, out stream!);

    /// <summary>Ends the streams of sessions that were ended or evicted.</summary>
    public void Close(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            if (_streams.TryRemove(id, out var stream))
            {
                stream.Close();
            }
        }
    }

    private void OnCatalogueChanged(CatalogueSnapshot snapshot)
    {
        foreach (var stream in _streams.Values)
        {
            foreach (var method in ListChanged)
            {
                _ = stream.WriteMessageAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method });
            }
        }
    }

    public void Dispose() => _catalogue.Changed -= OnCatalogueChanged;
}
