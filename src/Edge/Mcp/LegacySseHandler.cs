using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Core.Sessions;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The HTTP+SSE transport of revision 2024-11-05: <c>GET /sse</c> opens the session's stream and announces where to
/// post (<c>/messages?sessionId=…</c>); every answer travels back on that stream. The session (a 256-bit random id,
/// bound to the caller and scope) lives as long as its stream. In a cluster a post may reach any node: a node that does
/// not hold the session's stream checks the session and the body and forwards the message through the session's grain
/// to the node that does, which serves it as if it had been posted there; once that node took it, the post is
/// answered 202. When no live node holds the stream (its node died), the session is over: it is ended and the post
/// answered 404 -32001.
/// </summary>
internal sealed partial class LegacySseHandler(
    SessionManager sessions,
    SessionStreams streams,
    SessionEndings endings,
    McpRequestRouter router,
    ClientLinks links,
    ClientRequests clientRequests,
    ISessionPort cluster,
    GatewayOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<LegacySseHandler> logger)
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new(StringComparer.Ordinal);

    public async Task HandleStreamAsync(HttpContext http, string? scope)
    {
        if (!McpHttpBody.Accepts(http.Request, "text/event-stream"))
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status406NotAcceptable, null, JsonRpcErrors.InvalidRequest, "Not Acceptable: the Accept header must list text/event-stream");
            return;
        }

        SessionRecord session;
        try
        {
            session = await sessions.CreateAsync(http.GetCaller(), scope, McpRevisions.V2024_11_05, null, null, http.RequestAborted);
        }
        catch (GatewayException refused)
        {
            // Over the caller's session rate or count (429, Retry-After): no session, no stream.
            await JsonRpcWriter.WriteErrorAsync(http, JsonRpcErrors.HttpStatus(refused.Error.Kind), null, refused.Error);
            return;
        }

        var stream = new SseStream(http.Response);
        var connection = new Connection(http, stream, scope);
        _connections[session.Id] = connection;
        try
        {
            await cluster.HoldStreamAsync(session.Id, http.RequestAborted);
            await stream.StartAsync(null, http.RequestAborted);
            await stream.WriteEventAsync("endpoint", (scope is null ? "/messages" : $"/{scope}/messages") + "?sessionId=" + session.Id);

            // Notifications for every stream (list_changed, logs) only after the endpoint event, which comes first.
            streams.TryAddSession(session.Id, scope, http.GetCaller(), stream);
            await stream.RunAsync(http.RequestAborted, lifetime.ApplicationStopping);
        }
        finally
        {
            if (stream.Overflowed)
            {
                LogOverflowed(options.Clients.StreamMaxPendingMessages, options.Clients.StreamMaxPendingBytes);
            }

            _connections.TryRemove(session.Id, out _);
            streams.Remove(session.Id, stream);
            await cluster.ReleaseStreamAsync(session.Id);
            await sessions.DeleteAsync(session.Id, CancellationToken.None);
            await endings.EndedAsync(session.Id);
        }
    }

    public async Task HandleMessageAsync(HttpContext http, string? scope)
    {
        var sessionId = http.Request.Query["sessionId"].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, null, JsonRpcErrors.InvalidRequest, "Bad Request: the sessionId query parameter is required");
            return;
        }

        var caller = http.GetCaller();
        var local = _connections.TryGetValue(sessionId, out var connection);
        if ((!local && !cluster.ReachesOtherNodes) || await sessions.FindAsync(sessionId, caller, scope, http.RequestAborted) is not { } session)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, null, JsonRpcErrors.SessionNotFound, "Session not found");
            return;
        }

        if (!McpHttpBody.IsJson(http.Request))
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, null, JsonRpcErrors.InvalidRequest, "Unsupported Media Type: Content-Type must be application/json");
            return;
        }

        JsonRpcMessage message;
        try
        {
            message = JsonRpcMessage.FromBody(await RequestJson.ReadAsync(http, options.MaxBodyBytes));
        }
        catch (GatewayException exception)
        {
            await JsonRpcWriter.WriteErrorAsync(http, JsonRpcErrors.HttpStatus(exception.Error.Kind), null, exception.Error);
            return;
        }

        if (message.IsRequest && message.Method == "initialize"
            && sessions.CheckClientData(message.Params["clientInfo"] as JsonObject, message.Params["capabilities"] as JsonObject) is { } tooLarge)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, message.Id, tooLarge);
            return;
        }

        // A request's answer needs a place on the stream: a stream whose client does not take its answers is full,
        // and is disconnected when one more is posted.
        var reservation = local && message.IsRequest ? connection!.Stream.TryReserve() : null;
        if (local && message.IsRequest && reservation is null)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, message.Id, JsonRpcErrors.StreamOverloaded,
                $"Stream overloaded: the session's SSE stream holds {options.Clients.StreamMaxPendingMessages} undelivered answers or {options.Clients.StreamMaxPendingBytes} bytes (its client does not read them); the stream is closed and the session ends");
            return;
        }

        if (!local)
        {
            // The stream is on another node (the session exists, so its stream is open somewhere, or its node died).
            var forwarded = await cluster.ForwardClientMessageAsync(sessionId, new RemoteClientMessage(caller, scope, message, http.GetRequestId(), http.GetCorrelationId()));
            if (forwarded == ForwardOutcome.Unavailable)
            {
                http.Response.Headers.RetryAfter = "1";
                await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, message.Id, JsonRpcErrors.InternalError,
                    "Cluster unavailable: the node holding the session's SSE stream could not be reached; retry");
                return;
            }

            if (forwarded == ForwardOutcome.Gone)
            {
                LogStreamLost(sessionId);
                await sessions.DeleteAsync(sessionId, CancellationToken.None);
                await endings.EndedAsync(sessionId);
                await cluster.SessionEndedAsync(sessionId);
                await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, message.Id, JsonRpcErrors.SessionNotFound,
                    "Session not found: the node holding its SSE stream is gone; open a new stream");
                return;
            }

            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        // Accepted now; the answer goes out on the session's stream.
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        Serve(connection!, session, new RemoteClientMessage(caller, scope, message, http.GetRequestId(), http.GetCorrelationId()), reservation);
    }

    /// <summary>Serves a message posted on another node for a session whose stream is here; false when it is not here.</summary>
    public bool ServeRemote(string sessionId, RemoteClientMessage posted)
    {
        if (_connections.TryGetValue(sessionId, out var connection) && connection.Scope == posted.Scope)
        {
            _ = ServeRemoteAsync(sessionId, connection, posted);
            return true;
        }

        return false;
    }

    private async Task ServeRemoteAsync(string sessionId, Connection connection, RemoteClientMessage posted)
    {
        // The posting node checked the caller against the session; the session is read again for its current state.
        if (await sessions.FindAsync(sessionId, posted.Caller, posted.Scope, connection.Http.RequestAborted) is { } session)
        {
            // The posting node answered 202 already; a full stream is disconnected here and the message dropped.
            var reservation = posted.Message.IsRequest ? connection.Stream.TryReserve() : null;
            if (!posted.Message.IsRequest || reservation is not null)
            {
                Serve(connection, session, posted, reservation);
            }
        }
    }

    private void Serve(Connection connection, SessionRecord session, RemoteClientMessage posted, SseStream.Reservation? reservation)
    {
        var exchange = new McpExchange(connection.Http, posted.Message, posted.Caller, posted.Scope, connection.ProtocolVersion, session, posted.RequestId, posted.CorrelationId);
        exchange = exchange with { Client = links.ForStream(exchange, connection.Stream) };
        _ = ProcessAsync(connection, exchange, reservation);
    }

    private async Task ProcessAsync(Connection connection, McpExchange exchange, SseStream.Reservation? reservation)
    {
        using var answer = reservation;
        var message = exchange.Message;
        try
        {
            if (message.IsNotification)
            {
                await router.HandleNotificationAsync(exchange);
                return;
            }

            if (!message.IsRequest)
            {
                clientRequests.Complete(exchange.Session!.Id, message);
                return;
            }

            var result = message.Method == "initialize" ? await InitializeAsync(connection, exchange) : await router.HandleAsync(exchange);
            await Answer(connection, answer, JsonRpcAnswer.Of(message.Id, result, connection.ProtocolVersion).Message);
        }
        catch (Exception exception)
        {
            // A call here is cancelled only when the stream closed while it ran: nobody is left to answer.
            if (JsonRpcAnswer.ForFailure(exception, message.Id, message.Method, gone: true, canTell: true, Failures) is { } failure)
            {
                await Answer(connection, answer, failure.Message);
            }
        }
    }

    /// <summary>How this handler logs a failure of the answer ladder.</summary>
    private FailureLog Failures => new(LogUnexpected, LogStoreUnavailable);

    /// <summary>Writes a request's answer in its reserved place (a message without one, e.g. a failed notification, takes none).</summary>
    private static Task<bool> Answer(Connection connection, SseStream.Reservation? reservation, JsonObject message) =>
        reservation?.WriteAsync(message) ?? connection.Stream.WriteMessageAsync(message);

    private async Task<CallResult> InitializeAsync(Connection connection, McpExchange exchange)
    {
        if (exchange.Message.Params["protocolVersion"] is not JsonValue requested || !requested.TryGetValue<string>(out var version))
        {
            return CallResult.Failure(GatewayError.InvalidParams("Invalid params: 'protocolVersion' must be a string"));
        }

        if (sessions.CheckClientData(exchange.Message.Params["clientInfo"] as JsonObject, exchange.Message.Params["capabilities"] as JsonObject) is { } tooLarge)
        {
            return CallResult.Failure(tooLarge);
        }

        connection.ProtocolVersion = McpRevisions.Negotiate(version);
        await sessions.UpdateAsync(
            exchange.Session! with
            {
                ClientInfo = exchange.Message.Params["clientInfo"]?.DeepClone() as JsonObject,
                ClientCapabilities = exchange.Message.Params["capabilities"]?.DeepClone() as JsonObject,
            },
            connection.Http.RequestAborted);
        return CallResult.Success(ServerDescription.InitializeResult(connection.ProtocolVersion));
    }

    /// <summary>The open stream of one legacy session and the revision its initialize negotiated.</summary>
    private sealed class Connection(HttpContext http, SseStream stream, string? scope)
    {
        public string? Scope { get; } = scope;

        public HttpContext Http { get; } = http;

        public SseStream Stream { get; } = stream;

        public string ProtocolVersion { get; set; } = McpRevisions.V2024_11_05;
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning, Message = "Legacy SSE stream disconnected: its client left more than {MaxMessages} messages or {MaxBytes} bytes undelivered")]
    private partial void LogOverflowed(int maxMessages, long maxBytes);

    [LoggerMessage(EventId = 8113, Level = LogLevel.Information, Message = "Legacy SSE session {SessionId} ended: the node holding its stream is gone")]
    private partial void LogStreamLost(string sessionId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Unexpected failure serving {Method} on a legacy SSE session")]
    private partial void LogUnexpected(Exception exception, string method);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "Store unavailable serving {Method} on a legacy SSE session")]
    private partial void LogStoreUnavailable(Exception exception, string method);
}
