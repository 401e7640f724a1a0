using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Jobs;

/// <summary>
/// The store's housekeeping, run by every node: running jobs whose lease ran out (their node died) are retried or
/// failed with the reason; finished jobs past their retention turn expired (the result is dropped); expired jobs are
/// purged after a while. Every change is a <see cref="JobLifecycle"/> transition, so nodes sweeping at once agree.
/// </summary>
public sealed partial class JobSweeper(IJobStore store, IJobSignals signals, JobSettings settings, TimeProvider time, ILogger<JobSweeper> logger)
{
    private const int Batch = 200;

    /// <summary>One pass; returns how many jobs it changed or purged.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        var now = time.GetUtcNow();
        foreach (var id in await store.FindLostAsync(now, Batch, cancellationToken))
        {
            changed += await RecoverAsync(id, j => JobLifecycle.RecoverLostLease(j, now, settings), cancellationToken) ? 1 : 0;
        }

        foreach (var id in await store.FindExpiredAsync(now, Batch, cancellationToken))
        {
            var update = await store.UpdateAsync(id, j => JobLifecycle.Expire(j, now, settings), j => Event(j, "expired"), cancellationToken);
            if (update is { Changed: true })
            {
                changed++;
                signals.Changed(id, JobStatus.Expired);
            }
        }

        changed += await store.PurgeAsync(now, cancellationToken);
        return changed;
    }

    /// <summary>
    /// The running jobs of a node the cluster marked dead (or of this node's previous life, when it starts again under
    /// the same id), recovered without waiting for their leases to run out. Returns how many.
    /// </summary>
    public async Task<int> RecoverNodeAsync(string deadNode, CancellationToken cancellationToken)
    {
        var recovered = 0;
        IReadOnlyList<string> held;
        do
        {
            var now = time.GetUtcNow();
            held = await store.FindHeldAsync(deadNode, Batch, cancellationToken);
            foreach (var id in held)
            {
                recovered += await RecoverAsync(id, j => JobLifecycle.RecoverDeadNode(j, deadNode, now, settings), cancellationToken) ? 1 : 0;
            }
        }
        while (held.Count == Batch);

        return recovered;
    }

    private async Task<bool> RecoverAsync(string id, Func<Job, Job?> transition, CancellationToken cancellationToken)
    {
        var update = await store.UpdateAsync(id, transition, j => Event(j, "lost"), cancellationToken);
        if (update is not { Changed: true, Job: var job })
        {
            return false;
        }

        LogRecovered(id, job.Status.Name(), job.StatusMessage ?? "");
        signals.Changed(id, job.Status);
        if (job.Status == JobStatus.Queued)
        {
            signals.Queued();
        }

        return true;
    }

    private static JobEvent Event(Job job, string kind) => new(job.Id, job.UpdatedAt, kind, null, new JsonObject
    {
        ["status"] = job.Status.Name(),
        ["attempt"] = job.Attempts,
        ["message"] = job.StatusMessage,
    });

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Job {JobId}: its node was lost; now {Status} {StatusMessage}")]
    private partial void LogRecovered(string jobId, string status, string statusMessage);
}
