using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Jobs;

/// <summary>
/// Runs one attempt of a job: through the execution pipeline (authorize, admit, validate, check, dispatch: the same
/// steps as a direct call; admit applies only the concurrency cap and the breaker, see <see cref="CallStage"/>) as the
/// job's owner. Reports to the job's grain through <paramref name="attempt"/>: just before dispatch, the backend's
/// progress, and the outcome; a refused report (the attempt is no longer the job's) stops the call.
/// </summary>
public sealed partial class JobRunner(JobExecutionPipeline pipeline, TimeProvider time, ILogger<JobRunner> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="job">The job as claimed for this attempt.</param>
    /// <param name="attempt">The grain's side of the attempt.</param>
    /// <param name="cancel">Cancelled when the job is cancelled or the node stops.</param>
    /// <param name="stopping">Whether the node is stopping (a cut-short call is given back, not failed).</param>
    public async Task RunAsync(Job job, IJobAttempt attempt, CancellationTokenSource cancel, Func<bool> stopping)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(cancel);
        ArgumentNullException.ThrowIfNull(stopping);
        var dispatched = false;
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
                Client = new ClientLink { Notify = ProgressSink(attempt, cancel), CannotAsk = CannotAsk(job.Id) },
                BeforeDispatch = async () =>
                {
                    if (!await attempt.DispatchingAsync())
                    {
                        throw new GatewayException(new GatewayError(GatewayErrorKind.Cancelled, "The job is no longer held by this runner") { Undelivered = true });
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
        catch (OperationCanceledException)
        {
            result = CallResult.Failure(new GatewayError(GatewayErrorKind.Cancelled, "The job's call was cancelled"));
        }

        try
        {
            await attempt.FinishAsync(new JobAttemptOutcome(result.IsSuccess ? result.Result : null, result.Error, dispatched, stopping()));
            LogFinished(job.Id, result.IsSuccess ? "answered" : result.Error?.Kind.ToString() ?? "failed");
        }
        catch (Exception exception)
        {
            // The job's reminder takes the job up again (its grain finds the attempt gone).
            LogRunFailed(exception, job.Id);
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

    private CallNotifier ProgressSink(IJobAttempt attempt, CancellationTokenSource cancel)
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
            if (!await attempt.ProgressAsync(progress))
            {
                // Cancelled, or taken up elsewhere: stop the call.
                await cancel.CancelAsync();
            }
        };
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Job {JobId} started: {Tool}, attempt {Attempt}")]
    private partial void LogStarted(string jobId, string tool, int attempt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Job {JobId}: the attempt ended ({Outcome})")]
    private partial void LogFinished(string jobId, string outcome);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Job {JobId}: unexpected failure while running it")]
    private partial void LogRunFailed(Exception exception, string jobId);
}
