using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Jobs;

/// <summary>
/// Runs one claimed job: through the execution pipeline (authorize, admit, validate, check, dispatch: the same steps
/// as a direct call; admit applies only the concurrency cap and the breaker, see <see cref="CallStage"/>) as the job's owner, with a heartbeat that keeps the lease while the call is in flight. Records
/// the outcome with <see cref="JobLifecycle"/>: a result, a retry after a backoff, or a failure with its reason.
/// </summary>
public sealed partial class JobRunner(
    JobExecutionPipeline pipeline,
    IJobStore store,
    IJobSignals signals,
    RunningJobs running,
    JobSettings settings,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(Job job, string node, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var registration = running.Add(job.Id, cancel);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job.Id, node, cancel, heartbeatStop.Token);
        var dispatched = false;
        signals.Changed(job.Id, JobStatus.Running);
        LogStarted(job.Id, job.Tool, job.Attempts);

        CallResult result;
        try
        {
            var context = new CallContext
            {
                RequestId = job.RequestId,
                CorrelationId = job.CorrelationId,
                Caller = job.Caller,
                Endpoint = "job",
                Scope = job.Scope,
                Kind = CallKind.ToolCall,
                Stage = CallStage.JobRun,
                Name = job.Tool,
                Params = WithProgressToken(job),
                StartedAt = time.GetUtcNow(),
                CancellationToken = cancel.Token,
                Client = new ClientLink { Notify = ProgressSink(job.Id, node), CannotAsk = CannotAsk(job.Id) },
                BeforeDispatch = async () =>
                {
                    var marked = await store.UpdateAsync(job.Id, j => JobLifecycle.MarkDispatched(j, node, time.GetUtcNow()), null, CancellationToken.None);
                    if (marked is not { Changed: true })
                    {
                        throw new GatewayException(new GatewayError(GatewayErrorKind.Cancelled, "The job is no longer held by this worker") { Undelivered = true });
                    }

                    dispatched = true;
                },
            };
            result = await pipeline.Pipeline.InvokeAsync(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRunFailed(exception, job.Id);
            result = CallResult.Failure(new GatewayError(GatewayErrorKind.Internal, "The gateway failed while running the job"));
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
        }

        await FinishAsync(job, node, result, dispatched, stopping.IsCancellationRequested);
    }

    private async Task FinishAsync(Job job, string node, CallResult result, bool dispatched, bool stopping)
    {
        var now = time.GetUtcNow();
        Func<Job, Job?> transition;
        if (stopping && !result.IsSuccess)
        {
            transition = j => JobLifecycle.Release(j, node, now, settings);
        }
        else if (result.IsSuccess)
        {
            var size = Encoding.UTF8.GetByteCount(result.Result!.ToJsonString());
            transition = size <= settings.MaxResultBytes
                ? j => JobLifecycle.Succeed(j, node, result.Result!, now)
                : j => JobLifecycle.Fail(j, node, new GatewayError(GatewayErrorKind.PayloadTooLarge,
                    $"The tool's result ({size} bytes) is larger than the {settings.MaxResultBytes} bytes a job may keep"), retryable: false, now, settings);
        }
        else
        {
            var (error, retryable) = JobFailure.Classify(result.Error!, dispatched, job.Idempotent);
            transition = j => JobLifecycle.Fail(j, node, error, retryable, now, settings);
        }

        try
        {
            var update = await store.UpdateAsync(job.Id, transition, j => OutcomeEvent(j, node), CancellationToken.None);
            if (update is { Changed: true } changed)
            {
                signals.Changed(job.Id, changed.Job.Status);
                if (changed.Job.Status == JobStatus.Queued)
                {
                    signals.Queued();
                }

                LogFinished(job.Id, changed.Job.Status.Name(), changed.Job.StatusMessage ?? "");
            }
        }
        catch (Exception exception)
        {
            // The lease runs out and the sweeper of some node recovers the job.
            LogRunFailed(exception, job.Id);
        }
    }

    private static JobEvent OutcomeEvent(Job job, string node) => new(job.Id, job.UpdatedAt, job.Status switch
    {
        JobStatus.Queued => "retry",
        _ => job.Status.Name(),
    }, node, new JsonObject
    {
        ["attempt"] = job.Attempts,
        ["error_kind"] = job.Error?.Kind.ToString(),
        ["message"] = job.StatusMessage,
    });

    private async Task HeartbeatAsync(string jobId, string node, CancellationTokenSource cancel, CancellationToken stop)
    {
        var period = settings.Lease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var renewed = await store.UpdateAsync(jobId, j => JobLifecycle.Renew(j, node, time.GetUtcNow(), settings.Lease), null, CancellationToken.None);
                if (renewed is not { Changed: true })
                {
                    // Cancelled, or the lease was lost and the job is someone else's now: stop the call.
                    await cancel.CancelAsync();
                    return;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogHeartbeatFailed(exception, jobId);
            }
        }
    }

    /// <summary>
    /// The call as submitted, asking the backend for progress (a token of the job's own when the caller gave none), so
    /// that the job's status shows progress whatever the entry point.
    /// </summary>
    private static JsonObject WithProgressToken(Job job)
    {
        var parameters = (JsonObject)job.Params.DeepClone();
        if (parameters["_meta"] is not JsonObject meta)
        {
            meta = [];
            parameters["_meta"] = meta;
        }

        meta["progressToken"] ??= "job-" + job.Id;
        return parameters;
    }

    /// <summary>
    /// A job's caller may be long gone, on no node: requests to it (sampling, elicitation, roots; a 2026-07-28 backend's
    /// <c>input_required</c>) are answered with this rather than relayed.
    /// </summary>
    private static string CannotAsk(string jobId) =>
        $"the call runs as job {jobId} in the background and its caller cannot be asked anything (sampling, elicitation and roots are not relayed to jobs)";

    private CallNotifier ProgressSink(string jobId, string node)
    {
        var last = DateTimeOffset.MinValue;
        return async (method, parameters) =>
        {
            if (method != "notifications/progress")
            {
                return;
            }

            var now = time.GetUtcNow();
            if (now - last < ProgressInterval)
            {
                return;
            }

            last = now;
            var progress = new JsonObject
            {
                ["progress"] = parameters["progress"]?.DeepClone(),
                ["total"] = parameters["total"]?.DeepClone(),
                ["message"] = parameters["message"]?.DeepClone(),
            };
            if (await store.UpdateAsync(jobId, j => JobLifecycle.ReportProgress(j, node, progress, now), null, CancellationToken.None) is { Changed: true })
            {
                // Whoever follows the job hears of its progress (a client's stream, on whichever node holds it).
                signals.Changed(jobId, JobStatus.Running);
            }
        };
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Job {JobId} started: {Tool}, attempt {Attempt}")]
    private partial void LogStarted(string jobId, string tool, int attempt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Job {JobId} is {Status} {StatusMessage}")]
    private partial void LogFinished(string jobId, string status, string statusMessage);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Job {JobId}: unexpected failure while running it")]
    private partial void LogRunFailed(Exception exception, string jobId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Job {JobId}: heartbeat failed")]
    private partial void LogHeartbeatFailed(Exception exception, string jobId);
}
