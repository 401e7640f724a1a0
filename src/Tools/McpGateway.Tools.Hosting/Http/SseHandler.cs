using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hosting.Http;

/// <summary>
/// Legacy 2024-11-05 HTTP+SSE transport: <c>GET {ssePath}</c> opens the event stream and announces
/// <c>{messagesPath}?sessionId=…</c>; <c>POST</c> to that URL delivers client messages (202), whose
/// responses travel back on the stream. A session lives exactly as long as its GET stream.
/// </summary>
internal sealed class SseHandler
{
    private readonly ConcurrentDictionary<string, SseResponseStreamTransport> _sessions = new(StringComparer.Ordinal);
    private readonly McpServerOptions _serverOptions;
    private readonly McpHttpTransportOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly IHostApplicationLifetime _lifetime;

    public SseHandler(
        IOptions<McpServerOptions> serverOptions,
        IOptions<McpHttpTransportOptions> options,
        ILoggerFactory loggerFactory,
        IHostApplicationLifetime lifetime)
    {
        _serverOptions = serverOptions.Value;
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _lifetime = lifetime;
    }

    public int Count => _sessions.Count;

    public async Task HandleStreamAsync(HttpContext context, PathString messagesPath)
    {
        if (_sessions.Count >= _options.MaxSseSessions)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "Service Unavailable: too many SSE sessions.");
            return;
        }

        var sessionId = McpHttp.NewSessionId();
        var endpoint = $"{context.Request.PathBase}{messagesPath}?sessionId={sessionId}";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.ApplicationStopping);
        var token = cts.Token;

        McpHttp.PrepareSseResponse(context);
        await using var transport = new SseResponseStreamTransport(context.Response.Body, endpoint, sessionId);
        _sessions[sessionId] = transport;
        try
        {
            var transportTask = transport.RunAsync(token);
            try
            {
                await using var server = McpServer.Create(transport, _serverOptions, _loggerFactory, context.RequestServices);
                await server.RunAsync(token);
            }
            finally
            {
                await transport.DisposeAsync();
                await transportTask;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Client disconnected or host stopping: the usual way an SSE stream ends.
        }
        finally
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    public async Task HandleMessageAsync(HttpContext context)
    {
        var sessionId = context.Request.Query["sessionId"].ToString();
        if (sessionId.Length == 0)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "Bad Request: missing sessionId query parameter.");
            return;
        }

        if (!_sessions.TryGetValue(sessionId, out var transport))
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status404NotFound, "Session not found", -32001);
            return;
        }

        var message = await McpHttp.ReadMessageAsync(context);
        if (message is null)
        {
            await McpHttp.WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                "Bad Request: the body is not a JSON-RPC message.", -32700);
            return;
        }

        await transport.OnMessageReceivedAsync(message, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("Accepted", context.RequestAborted);
    }
}
