using McpGateway.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace McpGateway.Grains.Jobs;

/// <summary>The edge's <see cref="IJobGrains"/>: calls to the job grains through the node's silo.</summary>
public sealed partial class JobGrainClient(IGrainFactory grains, ILogger<JobGrainClient> logger) : IJobGrains
{
    /// <summary>Tries of a submit whose grain gives no answer in Orleans' response time, before the caller gets 503.</summary>
    public const int SubmitTries = 3;

    /// <remarks>
    /// A submit that got no answer in time may still be stored: its grain works through a backlog (a burst of submits on
    /// a loaded node) and only its late answer is dropped. So the same grain is asked again: one that holds its job
    /// answers Accepted without storing it twice. The caller is not told "retry later" for a job that was stored after
    /// all, unless every try went unanswered (docs/errors.md).
    /// </remarks>
    public async ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        var grain = grains.GetGrain<IJobGrain>(job.Id);
        var submission = new JobSubmission(JobCodec.Write(job), JobCodec.Write(acceptance), limits.MaxActive, limits.MaxStored);
        for (var tried = 1; ; tried++)
        {
            try
            {
                var reply = await Guarded(() => grain.Submit(submission).WaitAsync(cancellationToken));
                return (JobSubmitOutcome)reply.Outcome;
            }
            catch (JobStoreUnavailableException exception) when (exception.InnerException is TimeoutException && tried < SubmitTries)
            {
                LogSubmitUnanswered(job.Id, tried, SubmitTries);
            }
        }
    }

    public async ValueTask<JobUpdate?> CancelAsync(string id, string by, CancellationToken cancellationToken) =>
        await Guarded(() => grains.GetGrain<IJobGrain>(id).Cancel(by).WaitAsync(cancellationToken)) is { } reply
            ? new JobUpdate(JobCodec.Read(reply.Job), reply.Changed)
            : null;

    /// <summary>Makes the job's grain check on its job now (activating it).</summary>
    public Task CheckAsync(string id) => grains.GetGrain<IJobGrain>(id).Check();

    /// <summary>A grain call; a job's grain or its storage out of reach, or no answer in time, is <see cref="JobStoreUnavailableException"/> (503).</summary>
    private static async Task<T> Guarded<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (GrainCallFailures.IsOutOfReach(exception))
        {
            throw new JobStoreUnavailableException("Store unavailable: a job's grain could not be reached or did not answer in time", exception);
        }
    }

    [LoggerMessage(EventId = 8751, Level = LogLevel.Warning, Message = "Job {JobId}: its grain gave no answer to the submit in time (try {Tried} of {Tries}); asking it again")]
    private partial void LogSubmitUnanswered(string jobId, int tried, int tries);
}
