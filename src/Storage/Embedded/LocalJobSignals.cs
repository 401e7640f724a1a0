using McpGateway.Core.Jobs;

namespace McpGateway.Storage.Embedded;

/// <summary>The embedded engine's job signals: in-process events (one node; other processes on the file poll).</summary>
public sealed class LocalJobSignals : IJobSignals
{
    public event Action? WorkAvailable;

    public event Action<string, JobStatus>? JobChanged;

    public void Queued() => WorkAvailable?.Invoke();

    public void Changed(string jobId, JobStatus status) => JobChanged?.Invoke(jobId, status);
}
