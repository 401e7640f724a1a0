using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hosting.Http;

/// <summary>
/// Maps the SDK's <see cref="StreamableHttpServerTransport"/> onto <c>POST/GET/DELETE {path}</c>.
/// <list type="bullet">
/// <item>2026-07-28 (and any request without a session that is not an <c>initialize</c>): stateless, one short-lived
/// server per POST; no session id, no GET stream, no DELETE.</item>
/// <item>2025-03-26 / 2025-06-18 / 2025-11-25: an <c>initialize</c> POST without <c>Mcp-Session-Id</c> opens a session;
/// later requests carry the id; GET opens the standalone stream; DELETE ends the session; unknown ids get 404.</item>
/// </list>
/// </summary>
internal sealed class StreamableHttpHandler
{
    private readonly StreamableHttpSessionStore _sessions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IServiceProvider _services;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly McpServerOptions _statefulOptions;
    private readonly McpServerOptions _statelessOptions;

    public StreamableHttpHandler(
        IOptions<McpServerOptions> serverOptions,
        IOptionsFactory<McpServerOptions> serverOptionsFactory,
        StreamableHttpSessionStore sessions,
        ILoggerFactory loggerFactory,
        IServiceProvider services,
        IHostApplicationLifetime lifetime)
    {
        _sessions = sessions;
        _loggerFactory = loggerFactory;
        _services = services;
        _lifetime = lifetime;

        // Built once and shared by every server instance: tool/prompt/resource collections are not rebuilt per request.
        _statefulOptions = serverOptions.Value;
        _statelessOptions = serverOptionsFactory.Create(Options.DefaultName);
        _statelessOptions.ScopeRequests = false;
    }

    public async Task HandlePostAsync(HttpContext context)
    {
        var request = context.Request;
        var protocolVersion = request.Headers[McpHttp.ProtocolVersionHeader].ToString();
        if (!await McpHttp.ValidateProtocolVersionHeaderAsync(context, protocolVersion))
        {
            return;
        }

        if (!McpHttp.Accepts(request, "application/json") || !McpHttp.Accepts(request, "text/event-stream"))
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status406NotAcceptable,
                "Not Acceptable: the client must accept both application/json and text/event-stream.");
            return;
        }

        var message = await McpHttp.ReadMessageAsync(context);
        if (message is null)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                "Bad Request: the body is not a JSON-RPC message.", (int)McpErrorCode.ParseError);
            return;
        }

        if (protocolVersion.Length > 0)
        {
            (message.Context ??= new()).ProtocolVersion = protocolVersion;
        }

        if (McpHttp.IsSessionlessVersion(protocolVersion) && ValidateStandardHeaders(request, message) is { } mismatch)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, mismatch, (int)McpErrorCode.HeaderMismatch);
            return;
        }

        var sessionId = request.Headers[McpHttp.SessionIdHeader].ToString();
        if (sessionId.Length > 0)
        {
            await PostToSessionAsync(context, sessionId, message);
        }
        else if (message is JsonRpcRequest { Method: RequestMethods.Initialize } && !McpHttp.IsSessionlessVersion(protocolVersion))
        {
            await StartSessionAsync(context, message);
        }
        else
        {
            await PostStatelessAsync(context, message);
        }
    }

    public async Task HandleGetAsync(HttpContext context)
    {
        var request = context.Request;
        var protocolVersion = request.Headers[McpHttp.ProtocolVersionHeader].ToString();
        if (!await McpHttp.ValidateProtocolVersionHeaderAsync(context, protocolVersion))
        {
            return;
        }

        var sessionId = request.Headers[McpHttp.SessionIdHeader].ToString();
        if (sessionId.Length == 0)
        {
            // No session, no standalone stream (2026-07-28 has none at all).
            context.Response.Headers.Allow = "POST";
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed,
                "Method Not Allowed: the standalone GET stream needs an Mcp-Session-Id.");
            return;
        }

        if (!McpHttp.Accepts(request, "text/event-stream"))
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status406NotAcceptable,
                "Not Acceptable: the client must accept text/event-stream.");
            return;
        }

        if (!_sessions.TryGet(sessionId, out var session) || !session.TryAcquire())
        {
            await WriteSessionNotFoundAsync(context);
            return;
        }

        try
        {
            if (!session.TryStartGetStream())
            {
                await McpHttp.WriteErrorAsync(context, StatusCodes.Status409Conflict,
                    "Conflict: this session already has a standalone GET stream.");
                return;
            }

            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(
                    context.RequestAborted, _lifetime.ApplicationStopping, session.Ending);
                context.Response.Headers[McpHttp.SessionIdHeader] = session.Id;
                McpHttp.PrepareSseResponse(context);
                await context.Response.Body.FlushAsync(cts.Token);
                await session.Transport.HandleGetRequestAsync(context.Response.Body, cts.Token);
            }
            finally
            {
                session.EndGetStream();
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the session ended or the host is stopping: the normal end of an SSE stream.
        }
        finally
        {
            session.Release();
        }
    }

    public async Task HandleDeleteAsync(HttpContext context)
    {
        var protocolVersion = context.Request.Headers[McpHttp.ProtocolVersionHeader].ToString();
        if (!await McpHttp.ValidateProtocolVersionHeaderAsync(context, protocolVersion))
        {
            return;
        }

        var sessionId = context.Request.Headers[McpHttp.SessionIdHeader].ToString();
        if (sessionId.Length == 0)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: Mcp-Session-Id header is required.");
            return;
        }

        if (!await _sessions.TryEndAsync(sessionId))
        {
            await WriteSessionNotFoundAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task StartSessionAsync(HttpContext context, JsonRpcMessage message)
    {
        if (_sessions.IsFull)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable: too many sessions.");
            return;
        }

        var sessionId = McpHttp.NewSessionId();
        var transport = new StreamableHttpServerTransport(_loggerFactory)
        {
            SessionId = sessionId,
            FlowExecutionContextFromRequests = true,
        };

        // Application services: the session outlives the request that created it.
        var server = McpServer.Create(transport, _statefulOptions, _loggerFactory, _services);
        var session = new StreamableHttpSession(sessionId, transport, server);
        session.TryAcquire();
        _sessions.Add(session);
        try
        {
            context.Response.Headers[McpHttp.SessionIdHeader] = sessionId;
            await WritePostResponseAsync(context, transport, message);
        }
        finally
        {
            session.Release();
        }
    }

    private async Task PostToSessionAsync(HttpContext context, string sessionId, JsonRpcMessage message)
    {
        if (!_sessions.TryGet(sessionId, out var session) || !session.TryAcquire())
        {
            await WriteSessionNotFoundAsync(context);
            return;
        }

        try
        {
            context.Response.Headers[McpHttp.SessionIdHeader] = session.Id;
            await WritePostResponseAsync(context, session.Transport, message);
        }
        finally
        {
            session.Release();
        }
    }

    private async Task PostStatelessAsync(HttpContext context, JsonRpcMessage message)
    {
        var transport = new StreamableHttpServerTransport(_loggerFactory) { Stateless = true };
        var server = McpServer.Create(transport, _statelessOptions, _loggerFactory, context.RequestServices);
        using var stop = new CancellationTokenSource();
        var runTask = server.RunAsync(stop.Token);
        try
        {
            McpHttp.PrepareSseResponse(context);
            var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, OnResponseStarting, context.RequestAborted);
            if (!wrote)
            {
                MakeAccepted(context);
            }
        }
        finally
        {
            await transport.DisposeAsync();
            await stop.CancelAsync();
            try
            {
                await runTask;
            }
            catch (OperationCanceledException)
            {
            }

            await server.DisposeAsync();
        }

        // SEP-2575: errors about headers, capabilities or the protocol version are reported with HTTP 400.
        ValueTask OnResponseStarting(JsonRpcMessage? first)
        {
            if (first is JsonRpcError { Error.Code: var code } && !context.Response.HasStarted &&
                code is (int)McpErrorCode.HeaderMismatch or (int)McpErrorCode.MissingRequiredClientCapability or (int)McpErrorCode.UnsupportedProtocolVersion)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
            }

            return ValueTask.CompletedTask;
        }
    }

    private static async Task WritePostResponseAsync(HttpContext context, StreamableHttpServerTransport transport, JsonRpcMessage message)
    {
        McpHttp.PrepareSseResponse(context);
        var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
        if (!wrote)
        {
            MakeAccepted(context);
        }
    }

    private static void MakeAccepted(HttpContext context)
    {
        // Only notifications or responses were posted: nothing to stream back.
        context.Response.Headers.ContentType = default;
        context.Response.Headers.CacheControl = default;
        context.Response.Headers.ContentEncoding = default;
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static Task WriteSessionNotFoundAsync(HttpContext context) =>
        McpHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Session not found", -32001);

    /// <summary>
    /// 2026-07-28 requires <c>Mcp-Method</c> on every request/notification and <c>Mcp-Name</c> on
    /// <c>tools/call</c>, <c>resources/read</c> and <c>prompts/get</c>; both must match the body.
    /// </summary>
    private static string? ValidateStandardHeaders(HttpRequest request, JsonRpcMessage message)
    {
        var (method, parameters) = message switch
        {
            JsonRpcRequest r => (r.Method, r.Params),
            JsonRpcNotification n => (n.Method, n.Params),
            _ => (null, null),
        };
        if (method is null)
        {
            return null;
        }

        var methodHeader = request.Headers[McpHttp.MethodHeader].ToString().Trim();
        if (methodHeader.Length == 0)
        {
            return "Missing required Mcp-Method header.";
        }

        if (!string.Equals(methodHeader, method, StringComparison.Ordinal))
        {
            return $"Header mismatch: Mcp-Method '{methodHeader}' does not match body method '{method}'.";
        }

        var nameProperty = method switch
        {
            RequestMethods.ToolsCall or RequestMethods.PromptsGet => "name",
            RequestMethods.ResourcesRead => "uri",
            _ => null,
        };
        if (nameProperty is null)
        {
            return null;
        }

        var nameHeader = request.Headers[McpHttp.NameHeader].ToString().Trim();
        if (nameHeader.Length == 0)
        {
            return "Missing required Mcp-Name header.";
        }

        var decoded = McpHeaderEncoder.DecodeValue(nameHeader);
        var bodyName = parameters is JsonObject obj && obj.TryGetPropertyValue(nameProperty, out var node) && node is JsonValue value &&
            value.TryGetValue<string>(out var text) ? text : null;
        return string.Equals(decoded, bodyName, StringComparison.Ordinal)
            ? null
            : $"Header mismatch: Mcp-Name '{nameHeader}' does not match body {nameProperty} '{bodyName}'.";
    }
}
