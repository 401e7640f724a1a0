using System.Collections.Concurrent;

namespace McpGateway.Core.Jobs;

/// <summary>
/// The jobs this node's workers are running, by id. When the store says one of them finished elsewhere (it was
/// cancelled), its call is cancelled here, which the backend receives as an MCP cancellation.
/// </summary>
public sealed class RunningJobs : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly IJobSignals _signals;

    public RunningJobs(IJobSignals signals)
    {
        _signals = signals;
        _signals.JobChanged += OnChanged;
    }

    public int Count => _running.Count;

    public IDisposable Add(string jobId, CancellationTokenSource cancel)
    {
        _running[jobId] = cancel;
        return new Registration(this, jobId, cancel);
    }

    /// <summary>Cancels the local run of a job, if this node runs it.</summary>
    public bool Cancel(string jobId)
    {
        if (!_running.TryGetValue(jobId, out var cancel))
        {
            return false;
        }

        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        return true;
    }

    private void OnChanged(string jobId, JobStatus status)
    {
        if (status.IsTerminal())
        {
            Cancel(jobId);
        }
    }

    public void Dispose() => _signals.JobChanged -= OnChanged;

    private sealed class Registration(RunningJobs owner, string jobId, CancellationTokenSource cancel) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, cancel));
    }
}
