using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// <c>POST /mcp</c> and <c>POST /{scope}/mcp</c>: one JSON-RPC message per request. Serves the stateless revision
/// (2026-07-28) and the session-based ones (2025-11-25, 2025-06-18, 2025-03-26) on the same endpoint.
/// </summary>
internal sealed partial class McpPostHandler(
    McpRequestRouter router,
    McpExchangeResolver resolver,
    SubscriptionsListenHandler listen,
    McpBatchHandler batches,
    ClientLinks links,
    ClientRequests clientRequests,
    Cluster.ISessionPort cluster,
    SessionManager sessions,
    GatewayOptions options,
    ILogger<McpPostHandler> logger)
{
    public async Task HandleAsync(HttpContext http, string? scope)
    {
        var caller = http.GetCaller();
        if (McpHttpBody.CheckHeaders(http.Request) is { } refusal)
        {
            await JsonRpcWriter.WriteErrorAsync(http, refusal.Status, null, JsonRpcErrors.InvalidRequest, refusal.Message);
            return;
        }

        JsonRpcMessage message;
        try
        {
            var body = await RequestJson.ReadAsync(http, options.MaxBodyBytes);
            if (body.Json is JsonArray batch)
            {
                await batches.HandleAsync(http, batch, caller, scope);
                return;
            }

            message = JsonRpcMessage.FromBody(body);
        }
        catch (GatewayException exception)
        {
            await JsonRpcWriter.WriteErrorAsync(http, JsonRpcErrors.HttpStatus(exception.Error.Kind), null, exception.Error);
            return;
        }

        try
        {
            await ServeAsync(http, message, caller, scope);
        }
        catch (Exception exception)
        {
            // A client that went away gets nothing; a store outage is told as such while the response can still say so.
            var failure = JsonRpcAnswer.ForFailure(exception, message.Id, message.Method,
                gone: http.RequestAborted.IsCancellationRequested, canTell: !http.Response.HasStarted, Failures);
            if (failure is not null)
            {
                await failure.WriteAsync(http);
            }
        }
    }

    /// <summary>How this handler logs a failure of the answer ladder.</summary>
    private FailureLog Failures => new(LogUnexpected, LogStoreUnavailable);

    private async Task ServeAsync(HttpContext http, JsonRpcMessage message, CallerIdentity caller, string? scope)
    {
        if (message.IsRequest && message.Method == "initialize" && !resolver.IsStatelessRequest(http, message))
        {
            await InitializeAsync(http, message, caller, scope);
            return;
        }

        var exchange = await resolver.ResolveAsync(http, message, caller, scope);
        if (exchange is null)
        {
            return;
        }

        if (!message.IsRequest)
        {
            if (message.IsNotification)
            {
                await router.HandleNotificationAsync(exchange);
            }
            else if (exchange.Session is { } session)
            {
                // The client's answer to a request a backend made through the gateway: it waits here, or on the node that
                // sent the request (a session's posts may reach any node).
                if (!clientRequests.Complete(session.Id, message) && cluster.ReachesOtherNodes)
                {
                    await cluster.ForwardClientAnswerAsync(session.Id, message.Raw);
                }
            }

            http.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        if (message.Method == "subscriptions/listen" && exchange.Session is null)
        {
            await listen.HandleAsync(exchange);
            return;
        }

        var answer = new McpAnswer(http);
        var result = await router.HandleAsync(exchange with { Client = links.ForPost(exchange, answer) });
        var reply = result.IsSuccess
            ? JsonRpcAnswer.Success(message.Id, ForRevision(result.Result!, exchange.ProtocolVersion))
            : JsonRpcAnswer.Of(message.Id, result, exchange.ProtocolVersion);
        await answer.CompleteAsync(() => reply.WriteAsync(http), reply.Message);
    }

    private async Task InitializeAsync(HttpContext http, JsonRpcMessage message, CallerIdentity caller, string? scope)
    {
        if (message.Params["protocolVersion"] is not JsonValue requested || !requested.TryGetValue<string>(out var requestedVersion))
        {
            throw new GatewayException(GatewayError.InvalidParams("Invalid params: 'protocolVersion' must be a string"));
        }

        var version = McpRevisions.Negotiate(requestedVersion);
        Core.Sessions.SessionRecord session;
        try
        {
            session = await sessions.CreateAsync(
                caller,
                scope,
                version,
                message.Params["clientInfo"]?.DeepClone() as JsonObject,
                message.Params["capabilities"]?.DeepClone() as JsonObject,
                http.RequestAborted);
        }
        catch (GatewayException refused)
        {
            // Over a session bound (client data 400, rate or count 429 with Retry-After): nothing was stored.
            await JsonRpcWriter.WriteErrorAsync(http, JsonRpcErrors.HttpStatus(refused.Error.Kind), message.Id, refused.Error);
            return;
        }

        http.Response.Headers[McpHeaders.SessionId] = session.Id;
        LogSessionOpened(version, scope ?? "*");
        await JsonRpcWriter.WriteResultAsync(http, message.Id, ServerDescription.InitializeResult(version));
    }

    /// <summary>
    /// Results under the stateless revision must say what they are (<c>resultType</c>); a backend on an earlier
    /// revision does not, and its plain result is a complete one.
    /// </summary>
    private static JsonNode ForRevision(JsonNode result, string protocolVersion)
    {
        if (McpRevisions.IsStateless(protocolVersion) && result is JsonObject o && !o.ContainsKey("resultType"))
        {
            o["resultType"] = "complete";
        }

        return result;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Unexpected failure serving {Method}")]
    private partial void LogUnexpected(Exception exception, string method);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Store unavailable serving {Method}")]
    private partial void LogStoreUnavailable(Exception exception, string method);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Session opened (protocol {ProtocolVersion}, scope {Scope})")]
    private partial void LogSessionOpened(string protocolVersion, string scope);
}
