using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// The last line of defence: an unexpected exception is logged and answered with a bare 500, never its details; a
/// transient store failure (the database unreachable) with 503 and <c>Retry-After</c>.
/// </summary>
internal sealed partial class UnhandledExceptionMiddleware(RequestDelegate next, ILogger<UnhandledExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception)
        {
            await JsonRpcWriter.WriteErrorAsync(context, exception.StatusCode, null, -32600, "Bad Request");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (StoreOutage.Is(exception) && !context.Response.HasStarted)
        {
            LogStoreUnavailable(exception, context.Request.Method, context.Request.Path);
            await StoreOutage.WriteAsync(context, null);
        }
        catch (Exception exception)
        {
            LogUnhandled(exception, context.Request.Method, context.Request.Path);
            await JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, null, -32603, "Internal error");
        }
    }

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Store unavailable serving {Method} {Path}")]
    private partial void LogStoreUnavailable(Exception exception, string method, string path);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Unhandled exception serving {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
