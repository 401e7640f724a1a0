using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// MCP tasks over jobs. Revision 2025-11-25 (task augmentation): a <c>tools/call</c> with a <c>task</c> param is
/// answered with a <c>CreateTaskResult</c>, then <c>tasks/get</c>, <c>tasks/result</c> (blocks until the job is
/// finished), <c>tasks/cancel</c> and <c>tasks/list</c>. Revision 2026-07-28 (the <c>io.modelcontextprotocol/tasks</c>
/// extension): a client that declares the extension gets <c>resultType: "task"</c> for long-running tools, then
/// <c>tasks/get</c> (result inlined), <c>tasks/update</c> and <c>tasks/cancel</c>.
/// </summary>
internal sealed class McpTasks(JobService jobs)
{
    public const string Extension = "io.modelcontextprotocol/tasks";
    public const string RelatedTaskMeta = "io.modelcontextprotocol/related-task";
    public const int MissingClientCapability = Mcp.JsonRpcErrors.MissingClientCapability;

    public static bool IsTaskMethod(string method) => method is "tasks/get" or "tasks/result" or "tasks/cancel" or "tasks/list" or "tasks/update";

    /// <summary>
    /// 2025-11-25 clients may augment a call with a task only for tools that say so: the gateway can run any backend's
    /// tool as a job (<c>optional</c>, <c>required</c> for <c>long_running</c> tools is not claimed: a plain call of one is
    /// still answered), never its own job tools (<c>forbidden</c>). The backend's own <c>execution</c> is about its tasks, not ours.
    /// </summary>
    public static void DeclareTaskSupport(JsonObject toolsList)
    {
        foreach (var tool in toolsList["tools"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var own = GatewayJobTools.Items.Any(i => i.ExposedName == tool["name"]?.GetValue<string>());
            var execution = tool["execution"] as JsonObject ?? [];
            execution["taskSupport"] = own ? "forbidden" : "optional";
            tool["execution"] = execution;
        }
    }

    /// <summary>How a <c>tools/call</c> on this exchange would be answered if it becomes a job.</summary>
    public static JobIntent Intent(McpExchange exchange)
    {
        var parameters = exchange.Message.Params;
        if (McpRevisions.IsStateless(exchange.ProtocolVersion))
        {
            return new JobIntent(DeclaresExtension(exchange) ? JobOrigin.Task : JobOrigin.Mcp, Requested: false);
        }

        if (parameters["task"] is JsonObject task && !GatewayJobTools.Items.Any(i => i.ExposedName == parameters["name"]?.GetValue<string>()))
        {
            var ttl = task["ttl"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() > 0
                ? TimeSpan.FromMilliseconds(v.GetValue<double>())
                : (TimeSpan?)null;
            return new JobIntent(JobOrigin.Task, Requested: true, ttl, exchange.Session?.Id);
        }

        if (parameters["task"] is { } other)
        {
            throw new GatewayException(GatewayError.InvalidParams("Invalid params: 'task' must be an object"));
        }

        return new JobIntent(JobOrigin.Mcp, Requested: false, SessionId: exchange.Session?.Id);
    }

    /// <summary>The answer to a <c>tools/call</c> that was accepted as a job.</summary>
    public JsonObject Accepted(McpExchange exchange, Job job)
    {
        if (job.Origin == JobOrigin.Task)
        {
            return McpRevisions.IsStateless(exchange.ProtocolVersion)
                ? JobJson.DetailedTask(job, jobs.Settings, "task")
                : new JsonObject
                {
                    ["task"] = JobJson.Task(job, jobs.Settings),
                    ["_meta"] = new JsonObject { ["io.modelcontextprotocol/model-immediate-response"] = Handle(job) },
                };
        }

        // A client that knows nothing of tasks gets a tool result naming the job and the tools that follow it.
        var status = JobJson.Status(job, jobs.Settings);
        return new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = Handle(job) }),
            ["structuredContent"] = status,
        };
    }

    public async ValueTask<CallResult> HandleAsync(McpExchange exchange, string method)
    {
        var stateless = McpRevisions.IsStateless(exchange.ProtocolVersion);
        if (stateless && !DeclaresExtension(exchange))
        {
            return CallResult.Failure(new GatewayError(GatewayErrorKind.InvalidRequest, "Missing required client capability", Code: MissingClientCapability,
                Data: new JsonObject { ["requiredCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { [Extension] = new JsonObject() } } }));
        }

        var caller = exchange.Caller;
        var token = exchange.Http.RequestAborted;
        var parameters = exchange.Message.Params;
        try
        {
            switch (method)
            {
                case "tasks/list" when !stateless:
                    var (page, next) = await jobs.ListAsync(caller, all: false, Cursor(parameters), 50, token);
                    var list = new JsonObject { ["tasks"] = new JsonArray([.. page.Where(j => j.Status != JobStatus.Expired).Select(j => (JsonNode)JobJson.Task(j, jobs.Settings))]) };
                    if (next is not null)
                    {
                        list["nextCursor"] = next;
                    }

                    return CallResult.Success(list);
                case "tasks/get":
                    var job = Live(await jobs.GetAsync(caller, TaskId(parameters), token));
                    return CallResult.Success(stateless ? JobJson.DetailedTask(job, jobs.Settings, "complete") : JobJson.Task(job, jobs.Settings));
                case "tasks/result" when !stateless:
                    return Result(Live(await jobs.WaitAsync(caller, TaskId(parameters), token)));
                case "tasks/cancel":
                    var cancelled = await jobs.CancelAsync(caller, TaskId(parameters), token);
                    return CallResult.Success(stateless ? new JsonObject() : JobJson.Task(cancelled, jobs.Settings));
                case "tasks/update" when stateless:
                    // No job ever waits for input: there is nothing outstanding to answer, and responses to unknown keys are ignored.
                    Live(await jobs.GetAsync(caller, TaskId(parameters), token));
                    return CallResult.Success(new JsonObject());
                default:
                    return CallResult.Failure(new GatewayError(GatewayErrorKind.MethodNotFound, $"Method not found: '{method}' is not part of revision {exchange.ProtocolVersion}"));
            }
        }
        catch (GatewayException exception) when (exception.Error.Kind == GatewayErrorKind.UnknownJob)
        {
            return CallResult.Failure(exception.Error with { Message = "Failed to retrieve task: Task not found" });
        }
        catch (GatewayException exception) when (exception.Error.Kind == GatewayErrorKind.JobAlreadyFinished && stateless)
        {
            // Cancellation is cooperative under the extension: a finished task acknowledges and stays as it is.
            return CallResult.Success(new JsonObject());
        }
    }

    /// <summary>What <c>tasks/result</c> answers: exactly what the call would have, tagged with the task.</summary>
    private static CallResult Result(Job job)
    {
        var outcome = JobService.Outcome(job);
        if (!outcome.IsSuccess)
        {
            return outcome;
        }

        var result = outcome.Result!.AsObject();
        var meta = result["_meta"] as JsonObject ?? [];
        meta[RelatedTaskMeta] = new JsonObject { ["taskId"] = job.Id };
        result["_meta"] = meta;
        return CallResult.Success(result);
    }

    private static Job Live(Job job) => job.Status == JobStatus.Expired
        ? throw new GatewayException(new GatewayError(GatewayErrorKind.JobExpired, "Failed to retrieve task: Task has expired"))
        : job;

    public static bool DeclaresExtension(McpExchange exchange) =>
        exchange.Message.Meta?[McpHeaders.MetaClientCapabilities] is JsonObject capabilities
        && capabilities["extensions"] is JsonObject extensions
        && extensions[Extension] is JsonObject;

    private static string Handle(Job job) =>
        $"Started job {job.Id} for {job.Tool}. Follow it with get_job_status {{\"job_id\": \"{job.Id}\"}} and fetch its result with get_job_result.";

    private static string TaskId(JsonObject parameters) =>
        parameters["taskId"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new GatewayException(GatewayError.InvalidParams("Invalid params: 'taskId' must be a string"));

    private static string? Cursor(JsonObject parameters) =>
        parameters["cursor"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
