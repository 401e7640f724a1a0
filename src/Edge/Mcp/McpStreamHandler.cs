using McpGateway.Core.Protocol;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// <c>GET /mcp</c> (the session's stream of server-initiated messages) and <c>DELETE /mcp</c> (end the session).
/// The stateless revision has neither: it answers 405.
/// </summary>
internal sealed partial class McpStreamHandler(
    SessionManager sessions,
    SessionStreams streams,
    SessionEndings endings,
    ISessionPort cluster,
    IHostApplicationLifetime lifetime,
    Hosting.GatewayOptions options,
    ILogger<McpStreamHandler> logger)
{
    public async Task HandleGetAsync(HttpContext http, string? scope)
    {
        if (McpRevisions.IsStateless(http.Request.Headers[McpHeaders.ProtocolVersion].ToString()))
        {
            await MethodNotAllowedAsync(http, "POST");
            return;
        }

        if (!McpHttpBody.Accepts(http.Request, "text/event-stream"))
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status406NotAcceptable, null, JsonRpcErrors.InvalidRequest, "Not Acceptable: the Accept header must list text/event-stream");
            return;
        }

        var session = await FindSessionAsync(http, scope);
        if (session is null)
        {
            return;
        }

        var stream = new SseStream(http.Response);
        if (!streams.TryAddSession(session.Id, scope, http.GetCaller(), stream))
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status409Conflict, null, JsonRpcErrors.InvalidRequest, "Conflict: this session already has an open stream");
            return;
        }

        try
        {
            await cluster.HoldStreamAsync(session.Id, http.RequestAborted);
            await stream.StartAsync(session.Id, http.RequestAborted);
            await stream.RunAsync(http.RequestAborted, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            // A stream closed for a client that did not read frees the session's stream slot: the session lives on.
            if (stream.Overflowed)
            {
                LogOverflowed(options.Clients.StreamMaxPendingMessages, options.Clients.StreamMaxPendingBytes);
            }

            streams.Remove(session.Id, stream);
            await cluster.ReleaseStreamAsync(session.Id);
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

        await sessions.DeleteAsync(session.Id, http.RequestAborted);
        streams.Close([session.Id]);
        await endings.EndedAsync(session.Id);
        await cluster.SessionEndedAsync(session.Id);
        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task<Core.Sessions.SessionRecord?> FindSessionAsync(HttpContext http, string? scope)
    {
        var sessionId = http.Request.Headers[McpHeaders.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, null, JsonRpcErrors.InvalidRequest, "Bad Request: Mcp-Session-Id header is required");
            return null;
        }

        var session = await sessions.FindAsync(sessionId, http.GetCaller(), scope, http.RequestAborted);
        if (session is null)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, null, JsonRpcErrors.SessionNotFound, "Session not found");
        }

        return session;
    }

    private static Task MethodNotAllowedAsync(HttpContext http, string allow)
    {
        http.Response.Headers.Allow = allow;
        return JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, null, JsonRpcErrors.InvalidRequest,
            "Method Not Allowed: protocol revision 2026-07-28 has no sessions; use POST");
    }

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "Session stream (GET /mcp) disconnected: its client left more than {MaxMessages} messages or {MaxBytes} bytes undelivered")]
    private partial void LogOverflowed(int maxMessages, long maxBytes);
}
