namespace McpGateway.Core.Jobs;

/// <summary>
/// The changes of the jobs whose grains live on this node, as they are stored (raised by the job grains, in process).
/// Followers on this node (a blocked <c>tasks/result</c>, status pushes) are woken by it; followers of a job whose grain
/// is on another node read the read model at their polling interval.
/// </summary>
public sealed class JobChanges
{
    public event Action<Job>? Changed;

    public void Raise(Job job) => Changed?.Invoke(job);
}
