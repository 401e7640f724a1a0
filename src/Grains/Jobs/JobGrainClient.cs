using McpGateway.Core.Jobs;

namespace McpGateway.Grains.Jobs;

/// <summary>The edge's <see cref="IJobGrains"/>: calls to the job grains through the node's silo.</summary>
public sealed class JobGrainClient(IGrainFactory grains) : IJobGrains
{
    public async ValueTask<JobSubmitOutcome> SubmitAsync(Job job, JobEvent acceptance, JobLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        var reply = await Guarded(() => grains.GetGrain<IJobGrain>(job.Id)
            .Submit(new JobSubmission(JobCodec.Write(job), JobCodec.Write(acceptance), limits.MaxActive, limits.MaxStored))
            .WaitAsync(cancellationToken));
        return (JobSubmitOutcome)reply.Outcome;
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
}
