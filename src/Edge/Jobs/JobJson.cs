using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// The shapes in which a job is shown: the gateway's own (gateway tools, REST; snake_case), the task of revision
/// 2025-11-25 and the detailed task of the 2026-07-28 tasks extension.
/// </summary>
internal static class JobJson
{
    public static JsonObject Status(Job job, JobSettings settings)
    {
        var o = new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = job.Status.Name(),
            ["tool"] = job.Tool,
            ["attempts"] = job.Attempts,
            ["max_attempts"] = job.MaxAttempts,
        };
        Add(o, "status_message", job.StatusMessage);
        Add(o, "node", job.Status == JobStatus.Running ? job.Runner : null);
        if (job.Progress is not null)
        {
            o["progress"] = job.Progress.DeepClone();
        }

        if (job.Status is JobStatus.Failed or JobStatus.Cancelled && job.Error is { } error)
        {
            o["error"] = Error(error, null, snakeKind: true);
        }

        Add(o, "created_at", Time(job.CreatedAt));
        Add(o, "updated_at", Time(job.UpdatedAt));
        Add(o, "started_at", Time(job.StartedAt));
        Add(o, "finished_at", Time(job.FinishedAt));
        Add(o, "expires_at", Time(job.ExpiresAt));
        if (!job.Status.IsTerminal())
        {
            o["poll_interval_ms"] = (long)settings.PollInterval.TotalMilliseconds;
        }

        return o;
    }

    /// <summary>The <c>Task</c> of revision 2025-11-25.</summary>
    public static JsonObject Task(Job job, JobSettings settings)
    {
        var o = new JsonObject
        {
            ["taskId"] = job.Id,
            ["status"] = TaskStatus(job, isErrorFails: true),
        };
        Add(o, "statusMessage", TaskStatusMessage(job));
        o["createdAt"] = Time(job.CreatedAt);
        o["lastUpdatedAt"] = Time(job.UpdatedAt);
        o["ttl"] = (long)job.Retention.TotalMilliseconds;
        o["pollInterval"] = (long)settings.PollInterval.TotalMilliseconds;
        return o;
    }

    /// <summary>The <c>DetailedTask</c> of the 2026-07-28 tasks extension (result or error inlined when finished).</summary>
    public static JsonObject DetailedTask(Job job, JobSettings settings, string resultType)
    {
        var o = new JsonObject
        {
            ["resultType"] = resultType,
            ["taskId"] = job.Id,
            ["status"] = TaskStatus(job, isErrorFails: false),
        };
        Add(o, "statusMessage", TaskStatusMessage(job));
        o["createdAt"] = Time(job.CreatedAt);
        o["lastUpdatedAt"] = Time(job.UpdatedAt);
        o["ttlMs"] = (long)job.Retention.TotalMilliseconds;
        o["pollIntervalMs"] = (long)settings.PollInterval.TotalMilliseconds;
        if (job.Status == JobStatus.Succeeded)
        {
            o["result"] = job.Result?.DeepClone();
        }
        else if (job.Status == JobStatus.Failed && job.Error is { } error)
        {
            o["error"] = Error(error, Core.Protocol.McpRevisions.V2026_07_28, snakeKind: false);
        }

        return o;
    }

    /// <summary>
    /// A task's status message: the job's own note (retries, reasons), else "Queued", else while it runs the backend's
    /// latest progress ("page 3 (3/10)"), the only place tasks show it.
    /// </summary>
    private static string? TaskStatusMessage(Job job)
    {
        if (job.StatusMessage is not null || job.Status == JobStatus.Queued)
        {
            return job.StatusMessage ?? "Queued";
        }

        if (job.Status != JobStatus.Running || job.Progress is not { } progress)
        {
            return null;
        }

        var done = progress["progress"]?.ToJsonString();
        var count = progress["total"] is { } total ? $"{done}/{total.ToJsonString()}" : done;
        return progress["message"] is JsonValue message && message.TryGetValue<string>(out var text) ? $"{text} ({count})" : $"Progress: {count}";
    }

    /// <summary>Task statuses: queued and running jobs are <c>working</c>. Under 2025-11-25 a tool result with <c>isError</c> is <c>failed</c>.</summary>
    private static string TaskStatus(Job job, bool isErrorFails) => job.Status switch
    {
        JobStatus.Queued or JobStatus.Running => "working",
        JobStatus.Succeeded when isErrorFails && Core.Pipeline.CallResult.Success(job.Result!).IsToolError => "failed",
        JobStatus.Succeeded => "completed",
        JobStatus.Cancelled => "cancelled",
        _ => "failed",
    };

    /// <summary>A JSON-RPC error object (with the gateway's kind for its own REST and tool answers).</summary>
    public static JsonObject Error(GatewayError error, string? protocolVersion, bool snakeKind)
    {
        var o = new JsonObject { ["code"] = JsonRpcErrors.Code(error, protocolVersion) };
        if (snakeKind)
        {
            o["kind"] = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Kind.ToString());
        }

        o["message"] = error.Message;
        if (error.Data is not null)
        {
            o["data"] = error.Data.DeepClone();
        }

        return o;
    }

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static void Add(JsonObject o, string key, string? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }
    }
}
