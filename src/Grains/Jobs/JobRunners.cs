using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpGateway.Grains.Jobs;

/// <summary>What a node's job runners are: the node's id (shown as a running job's <c>node</c>) and how many jobs it runs at once.</summary>
public sealed record JobRunnerOptions(string Node, int Slots, TimeSpan DrainTimeout);

/// <summary>
/// The silo-local runners of the job grains living on this silo: a grain hands its job over with <see cref="Start"/>
/// (no grain call waits on a run); once the node has started, one of <see cref="JobRunnerOptions.Slots"/> runners claims the attempt from the
/// grain, runs it with Core's <see cref="JobRunner"/> and reports back to the grain through grain calls. On stop, no
/// new attempt starts; running calls get <see cref="JobRunnerOptions.DrainTimeout"/> to finish, then are cancelled and
/// given back to their grains (run again elsewhere, or failed with "outcome unknown").
/// </summary>
public sealed partial class JobRunners(
    IGrainFactory grains, JobRunner runner, JobRunnerOptions options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<JobRunners> logger)
    : IHostedService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Run> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loops = Task.CompletedTask;

    /// <summary>How many attempts run on this node now.</summary>
    public int Running => _running.Count;

    /// <summary>Queues the job's next attempt here (nothing when it is already waiting or running here).</summary>
    public void Start(string jobId)
    {
        if (!_stopping.IsCancellationRequested && !_running.ContainsKey(jobId) && _waiting.TryAdd(jobId, 0))
        {
            _queue.Writer.TryWrite(jobId);
        }
    }

    /// <summary>Whether an attempt of the job is being started or run on this node.</summary>
    public bool IsRunning(string jobId) => _running.ContainsKey(jobId);

    /// <summary>Cancels the job's call here, if it runs here.</summary>
    public void Cancel(string jobId)
    {
        if (_running.TryGetValue(jobId, out var run))
        {
            try
            {
                run.Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Runs start once the node has started (its backends discovered): a job run before would find no tool to call.
        lifetime.ApplicationStarted.Register(() =>
        {
            _loops = Task.WhenAll(Enumerable.Range(0, Math.Max(options.Slots, 0)).Select(_ => Task.Run(LoopAsync, CancellationToken.None)));
            LogStarted(options.Slots, options.Node);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        var drained = await Task.WhenAny(_loops, Task.Delay(options.DrainTimeout, time, cancellationToken)) == _loops;
        if (!drained)
        {
            foreach (var run in _running.Values)
            {
                await run.Cancel.CancelAsync();
            }

            await _loops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            await foreach (var jobId in _queue.Reader.ReadAllAsync(_stopping.Token))
            {
                await RunOneAsync(jobId);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(string jobId)
    {
        using var cancel = new CancellationTokenSource();
        var run = new Run(cancel);
        _running[jobId] = run;
        _waiting.TryRemove(jobId, out _);
        try
        {
            var grain = grains.GetGrain<IJobGrain>(jobId);
            if (await grain.BeginAttempt(options.Node) is not { } claimed)
            {
                return;
            }

            var job = JobCodec.Read(claimed);
            await runner.RunAsync(job, new GrainAttempt(grain, options.Node, job.Attempts), cancel, () => _stopping.IsCancellationRequested);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The grain could not be reached: its reminder takes the job up again.
            LogRunFailed(exception, jobId);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, Run>(jobId, run));
        }
    }

    private sealed record Run(CancellationTokenSource Cancel);

    /// <summary>An attempt's reports, as calls to its job grain.</summary>
    private sealed class GrainAttempt(IJobGrain grain, string node, int attempt) : IJobAttempt
    {
        public async ValueTask<bool> DispatchingAsync() => await grain.Dispatching(node, attempt);

        public async ValueTask<bool> ProgressAsync(JsonObject progress) => await grain.Progress(node, attempt, progress.ToJsonString());

        public async ValueTask FinishAsync(JobAttemptOutcome outcome) => await grain.Finish(node, attempt, new JobAttemptReport(
            outcome.Result?.ToJsonString(), outcome.Error is { } e ? JobErrorJson.Write(e) : null, outcome.Dispatched, outcome.Stopping));
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "{Slots} job runners on node {Node}")]
    private partial void LogStarted(int slots, string node);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "Job {JobId}: its grain could not be reached to run it; its reminder takes it up again")]
    private partial void LogRunFailed(Exception exception, string jobId);
}
