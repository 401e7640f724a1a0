using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// JSON-RPC batches, which revision 2025-03-26 allows (later revisions removed them): every message of the array is
/// served as if it came alone (each request spends the caller's quota and is admitted, authorized and recorded on its
/// own), the answers to its requests come back as one array in the order of the requests (202 when it held only
/// notifications and responses). Bounded by <see cref="BatchLimits"/>: a batch longer than the limit is refused before
/// any message runs; at most <see cref="BatchLimits.Concurrency"/> messages are served at once (a message starts when
/// the answer <see cref="BatchLimits.Concurrency"/> places before it has been written), and the answers are streamed
/// within a byte limit by <see cref="BatchAnswerWriter"/>, so a batch holds a few answers in memory, never all of them.
/// </summary>
internal sealed partial class McpBatchHandler(
    McpRequestRouter router,
    SessionManager sessions,
    ClientLinks links,
    ClientRequests clientRequests,
    GatewayOptions options,
    ILogger<McpBatchHandler> logger)
{
    public async Task HandleAsync(HttpContext http, JsonArray batch, CallerIdentity caller, string? scope)
    {
        var limits = options.Batches;
        if (batch.Count > limits.MaxLength)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, null, JsonRpcErrors.InvalidRequest,
                $"Invalid request: a JSON-RPC batch holds at most {limits.MaxLength} messages (GATEWAY_MAX_BATCH_LENGTH), this one {batch.Count}");
            return;
        }

        var sessionId = http.Request.Headers[McpHeaders.SessionId].ToString();
        var session = sessionId.Length == 0 ? null : await sessions.FindAsync(sessionId, caller, scope, http.RequestAborted);
        if (session is null || session.ProtocolVersion != McpRevisions.V2025_03_26 || batch.Count == 0)
        {
            await JsonRpcWriter.WriteErrorAsync(http, session is null && sessionId.Length > 0 ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, null,
                session is null && sessionId.Length > 0 ? JsonRpcErrors.SessionNotFound : JsonRpcErrors.InvalidRequest,
                session is null && sessionId.Length > 0 ? "Session not found" : "Invalid request: JSON-RPC batches are only accepted, non-empty, on sessions of revision 2025-03-26");
            return;
        }

        http.Response.Headers[McpHeaders.SessionId] = session.Id;
        var answers = new BatchAnswerWriter(http, limits.MaxResponseBytes);
        var window = new Queue<Pending>(limits.Concurrency);
        try
        {
            foreach (var element in batch)
            {
                if (window.Count == limits.Concurrency)
                {
                    await WriteAsync(answers, window.Dequeue());
                }

                // Once the answers are full, a request is answered without being run (its answer would be left out);
                // notifications and responses, which have no answer, are still handled.
                window.Enqueue(answers.Full && RequestOf(element) is { } request
                    ? new Pending(null, request.Id)
                    : new Pending(AnswerAsync(http, element, caller, scope, session), null));
            }

            while (window.Count > 0)
            {
                await WriteAsync(answers, window.Dequeue());
            }

            await answers.CompleteAsync();
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: what still runs is cancelled with its request; nobody is left to answer.
            await Task.WhenAll(window.Where(p => p.Answer is not null).Select(p => p.Answer!.ContinueWith(static _ => { }, TaskScheduler.Default)));
        }
    }

    private async Task WriteAsync(BatchAnswerWriter answers, Pending pending)
    {
        if (pending.Answer is null)
        {
            await answers.WriteNotRunAsync(pending.NotRunId);
            return;
        }

        if (await pending.Answer is not { } answer)
        {
            return;
        }

        try
        {
            await answers.WriteAsync(answer);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // An answer that cannot be written as JSON: that message's error, the array goes on.
            LogUnexpected(exception, "(answer)");
            await answers.WriteAsync(JsonRpcAnswer.InternalError(answer["id"]));
        }
    }

    private static JsonRpcMessage? RequestOf(JsonNode? element)
    {
        try
        {
            return JsonRpcMessage.FromNode(element) is { IsRequest: true } message ? message : null;
        }
        catch (GatewayException)
        {
            return null;
        }
    }

    private async Task<JsonObject?> AnswerAsync(HttpContext http, JsonNode? element, CallerIdentity caller, string? scope, Core.Sessions.SessionRecord session)
    {
        JsonRpcMessage message;
        try
        {
            message = JsonRpcMessage.FromNode(element);
        }
        catch (GatewayException exception)
        {
            return JsonRpcWriter.ErrorMessage(null, JsonRpcErrors.Code(exception.Error), exception.Error.Message, null);
        }

        var exchange = new McpExchange(http, message, caller, scope, session.ProtocolVersion, session, http.GetRequestId(), http.GetCorrelationId());
        try
        {
            if (message.IsNotification)
            {
                await router.HandleNotificationAsync(exchange);
                return null;
            }

            if (!message.IsRequest)
            {
                clientRequests.Complete(session.Id, message);
                return null;
            }

            if (message.Method == "initialize")
            {
                return JsonRpcWriter.ErrorMessage(message.Id, JsonRpcErrors.InvalidRequest, "Invalid request: initialize cannot be part of a batch", null);
            }

            var result = await router.HandleAsync(exchange with { Client = links.ForBatch(exchange) });
            return JsonRpcAnswer.Of(message.Id, result, session.ProtocolVersion).Message;
        }
        catch (Exception exception)
        {
            // One element's failure is that element's answer: the others ran, and keep theirs. A client that went away
            // ends the whole batch (HandleAsync).
            var failure = JsonRpcAnswer.ForFailure(exception, message.Id, message.Method,
                gone: http.RequestAborted.IsCancellationRequested, canTell: true, Failures);
            if (failure is null)
            {
                throw;
            }

            return message.IsRequest ? failure.Message : null;
        }
    }

    /// <summary>How this handler logs a failure of the answer ladder.</summary>
    private FailureLog Failures => new(LogUnexpected, LogStoreUnavailable);

    /// <summary>A message of the batch: its answer to come (null for none), or (no task) a request not run, with its id.</summary>
    private readonly record struct Pending(Task<JsonObject?>? Answer, JsonNode? NotRunId);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Unexpected failure serving {Method} in a batch")]
    private partial void LogUnexpected(Exception exception, string method);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Store unavailable serving {Method} in a batch")]
    private partial void LogStoreUnavailable(Exception exception, string method);
}
