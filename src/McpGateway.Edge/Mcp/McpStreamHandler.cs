using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// <c>GET /mcp</c> (the session's stream of server-initiated messages) and <c>DELETE /mcp</c> (end the session).
/// The stateless revision has neither: it answers 405.
/// </summary>
internal sealed class McpStreamHandler : IDisposable
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly SessionManager _sessions;
    private readonly ICatalogue _catalogue;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ConcurrentDictionary<string, SessionStream> _streams = new(StringComparer.Ordinal);

    public McpStreamHandler(SessionManager sessions, ICatalogue catalogue, IHostApplicationLifetime lifetime)
    {
        _sessions = sessions;
        _catalogue = catalogue;
        _lifetime = lifetime;
        _catalogue.Changed += OnCatalogueChanged;
    }

    public int OpenStreams => _streams.Count;

    public async Task HandleGetAsync(HttpContext http, string? scope)
    {
        if (McpRevisions.IsStateless(http.Request.Headers[McpHeaders.ProtocolVersion].ToString()))
        {
            await MethodNotAllowedAsync(http, "POST");
            return;
        }

        if (!McpHttpBody.Accepts(http.Request, "text/event-stream"))
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status406NotAcceptable, null, -32600, "Not Acceptable: the Accept header must list text/event-stream");
            return;
        }

        var session = await FindSessionAsync(http, scope);
        if (session is null)
        {
            return;
        }

        var stream = new SessionStream(http.Response);
        if (!_streams.TryAdd(session.Id, stream))
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status409Conflict, null, -32600, "Conflict: this session already has an open stream");
            return;
        }

        try
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache,no-store";
            http.Response.Headers[McpHeaders.SessionId] = session.Id;
            await http.Response.Body.FlushAsync(http.RequestAborted);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _lifetime.ApplicationStopping, stream.Closed);
            using var timer = new PeriodicTimer(KeepAlive);
            while (await timer.WaitForNextTickAsync(ended.Token))
            {
                await stream.WriteCommentAsync("keep-alive", ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _streams.TryRemove(new KeyValuePair<string, SessionStream>(session.Id, stream));
        }
    }

    public async Task HandleDeleteAsync(HttpContext http, string? scope)
    {
        if (McpRevisions.IsStateless(http.Request.Headers[McpHeaders.ProtocolVersion].ToString()))
        {
            await MethodNotAllowedAsync(http, "POST");
            return;
        }

        var session = await FindSessionAsync(http, scope);
        if (session is null)
        {
            return;
        }

        await _sessions.DeleteAsync(session.Id, http.RequestAborted);
        if (_streams.TryRemove(session.Id, out var stream))
        {
            stream.Close();
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Ends the streams of sessions that were evicted elsewhere.</summary>
    public void CloseStreams(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            if (_streams.TryRemove(id, out var stream))
            {
                stream.Close();
            }
        }
    }

    private async Task<Core.Sessions.SessionRecord?> FindSessionAsync(HttpContext http, string? scope)
    {
        var sessionId = http.Request.Headers[McpHeaders.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, null, -32600, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }

        var session = await _sessions.FindAsync(sessionId, http.GetCaller(), scope, http.RequestAborted);
        if (session is null)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, null, JsonRpcErrors.SessionNotFound, "Session not found");
        }

        return session;
    }

    private static Task MethodNotAllowedAsync(HttpContext http, string allow)
    {
        http.Response.Headers.Allow = allow;
        return JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, null, -32600,
            "Method Not Allowed: protocol revision 2026-07-28 has no sessions; use POST");
    }

    /// <summary>Tells every open stream which lists changed.</summary>
    private void OnCatalogueChanged(CatalogueSnapshot snapshot)
    {
        foreach (var stream in _streams.Values)
        {
            foreach (var method in (string[])["notifications/tools/list_changed", "notifications/prompts/list_changed", "notifications/resources/list_changed"])
            {
                _ = stream.WriteMessageAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method });
            }
        }
    }

    public void Dispose() => _catalogue.Changed -= OnCatalogueChanged;

    /// <summary>One open SSE response; writes are serialized.</summary>
    private sealed class SessionStream(HttpResponse response)
    {
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly CancellationTokenSource _closed = new();

        public CancellationToken Closed => _closed.Token;

        public void Close() => _closed.Cancel();

        public Task WriteMessageAsync(JsonObject message) =>
            WriteAsync("event: message\ndata: " + message.ToJsonString() + "\n\n", _closed.Token);

        public Task WriteCommentAsync(string comment, CancellationToken cancellationToken) => WriteAsync(": " + comment + "\n\n", cancellationToken);

        private async Task WriteAsync(string text, CancellationToken cancellationToken)
        {
            try
            {
                await _writeLock.WaitAsync(cancellationToken);
                try
                {
                    await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                }
                finally
                {
                    _writeLock.Release();
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client has gone; the stream's loop ends on its own.
            }
        }
    }
}
