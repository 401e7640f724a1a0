using McpGateway.Core.Jobs;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// The node's job workers (<c>GATEWAY_JOB_WORKERS</c>): each claims the oldest claimable job, runs it, and claims the
/// next; an idle worker sleeps until a job is queued (a signal; on PostgreSQL a <c>NOTIFY</c> from any node) or a
/// second passes. Workers start once the node has started (its backends discovered): a job claimed before that would
/// find no tool to call. On stop, workers claim nothing more; running jobs get up to half the shutdown timeout to finish,
/// then their calls are cancelled and the jobs given back (run again, or failed with the reason).
/// </summary>
internal sealed partial class JobWorkers(
    IJobStore store,
    IJobSignals signals,
    JobRunner runner,
    GatewayOptions options,
    LocalNode node,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<JobWorkers> logger) : IHostedService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _abort = new();
    private SemaphoreSlim? _wake;
    private Task _loops = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.JobWorkers == 0)
        {
            return Task.CompletedTask;
        }

        _wake = new SemaphoreSlim(0, options.JobWorkers);
        lifetime.ApplicationStarted.Register(() =>
        {
            signals.WorkAvailable += Wake;
            _loops = Task.WhenAll(Enumerable.Range(0, options.JobWorkers).Select(_ => Task.Run(LoopAsync, CancellationToken.None)));
            LogStarted(options.JobWorkers, node.Id);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        signals.WorkAvailable -= Wake;
        await _stopClaiming.CancelAsync();
        var finished = await Task.WhenAny(_loops, Task.Delay(options.ShutdownTimeout / 2, time, cancellationToken)) == _loops;
        if (!finished)
        {
            await _abort.CancelAsync();
            await _loops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Wake()
    {
        try
        {
            if (_wake is { CurrentCount: 0 } wake)
            {
                wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    private async Task LoopAsync()
    {
        var stop = _stopClaiming.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var job = await store.ClaimAsync(node.Id, time.GetUtcNow(), options.Jobs.Lease, stop);
                if (job is null)
                {
                    await _wake!.WaitAsync(IdlePoll, stop);
                    continue;
                }

                await runner.RunAsync(job, node.Id, _abort.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLoopFailed(exception);
                await Task.Delay(IdlePoll, time, CancellationToken.None);
            }
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Workers} job workers started on node {Node}")]
    private partial void LogStarted(int workers, string node);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Job worker: unexpected failure; retrying in a second")]
    private partial void LogLoopFailed(Exception exception);
}
