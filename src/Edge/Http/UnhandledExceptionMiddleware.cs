using System.Text.Json;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Rest;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Edge.Http;

/// <summary>
/// The last line of defence. A client's error that got this far (a request Kestrel could not read, a body that is not
/// JSON, a client that went away while its body was read) is one warning line with the request id and the error kind,
/// never a stack trace, and a 4xx answer. An unexpected exception is logged and answered with a bare 500, never its
/// details; a transient store failure (the database unreachable) with 503 and <c>Retry-After</c>. Answers take the
/// endpoint's shape: a JSON-RPC error on the MCP endpoints, the REST error (<see cref="RestErrors"/>) everywhere else.
/// </summary>
internal sealed partial class UnhandledExceptionMiddleware(RequestDelegate next, ILogger<UnhandledExceptionMiddleware> logger)
{
    /// <summary>The routes that speak JSON-RPC; every other endpoint answers in the REST shape.</summary>
    private static readonly HashSet<string> JsonRpcRoutes = new(StringComparer.OrdinalIgnoreCase)
    {
        "/mcp", "/{scope}/mcp", "/messages", "/{scope}/messages", "/sse", "/{scope}/sse",
    };

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (ClientError(exception, context) is { } client)
        {
            // A client that closes a stream it was reading (the answer had started) is no error at all.
            if (client.Error is not null || !context.Response.HasStarted)
            {
                LogClientError(context.GetRequestId() ?? "-", context.Request.Method, context.Request.Path, client.Kind);
            }

            if (client.Error is { } error)
            {
                await WriteAsync(context, client.Status, error);
            }
        }
        catch (Exception exception) when (StoreOutage.Is(exception) && !context.Response.HasStarted)
        {
            LogStoreUnavailable(exception, context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = "5";
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, new GatewayError(GatewayErrorKind.StoreUnavailable, StoreOutage.Message));
        }
        catch (Exception exception)
        {
            LogUnhandled(exception, context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, new GatewayError(GatewayErrorKind.Internal, "Internal error"));
        }
    }

    /// <summary>
    /// What the client did wrong, when the exception is the client's doing: the kind to log, and the status and error to
    /// answer (no error: the client is gone, nobody to answer).
    /// </summary>
    private static (string Kind, int Status, GatewayError? Error)? ClientError(Exception exception, HttpContext context) => exception switch
    {
        BadHttpRequestException bad => (
            KindOf(bad.StatusCode),
            bad.StatusCode,
            new GatewayError(bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? GatewayErrorKind.PayloadTooLarge : GatewayErrorKind.InvalidRequest, ReasonPhrases.GetReasonPhrase(bad.StatusCode))),
        GatewayException { Error: var error } when JsonRpcErrors.HttpStatus(error.Kind) is >= 400 and < 500 and var status =>
            (JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Kind.ToString()), status, error),
        JsonException => ("parse_error", StatusCodes.Status400BadRequest, new GatewayError(GatewayErrorKind.ParseError, "Parse error: the body is not valid JSON")),
        OperationCanceledException or IOException when context.RequestAborted.IsCancellationRequested => ("client_aborted", 0, null),
        _ => null,
    };

    private static string KindOf(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status408RequestTimeout => "request_timeout",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "request_headers_too_large",
        _ => "bad_request",
    };

    private static Task WriteAsync(HttpContext context, int status, GatewayError error)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        return SpeaksJsonRpc(context)
            ? JsonRpcWriter.WriteErrorAsync(context, status, null, error)
            : RestErrors.WriteAsync(context, error, status);
    }

    /// <summary>Whether the request went to an MCP endpoint (by its route; without one, by the end of its path).</summary>
    private static bool SpeaksJsonRpc(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern: RoutePattern pattern })
        {
            return pattern.RawText is { } text && JsonRpcRoutes.Contains(text);
        }

        var path = context.Request.Path.Value ?? "";
        return path.EndsWith("/mcp", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/messages", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith("/sse", StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Client error on {Method} {Path} (request {RequestId}): {ErrorKind}")]
    private partial void LogClientError(string requestId, string method, string path, string errorKind);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Store unavailable serving {Method} {Path}")]
    private partial void LogStoreUnavailable(Exception exception, string method, string path);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Unhandled exception serving {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
