namespace McpGateway.Core.Jobs;

/// <summary>
/// Wakes the parts of the cluster that wait on jobs: idle workers when a job is queued, and whoever follows a job
/// (a blocked <c>tasks/result</c>, a client's stream, the worker running it when it is cancelled) when its status
/// changes. Embedded engine: in-process events; PostgreSQL engine: <c>LISTEN/NOTIFY</c>, so every node hears them.
/// Signals are hints: every waiter also polls, so a lost signal only delays.
/// </summary>
public interface IJobSignals
{
    /// <summary>A job became claimable.</summary>
    void Queued();

    /// <summary>A job's status changed.</summary>
    void Changed(string jobId, JobStatus status);

    /// <summary>Raised on every node when a job became claimable.</summary>
    event Action? WorkAvailable;

    /// <summary>Raised on every node when a job's status changed.</summary>
    event Action<string, JobStatus>? JobChanged;
}
