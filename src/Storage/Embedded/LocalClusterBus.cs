using McpGateway.Core.Cluster;

namespace McpGateway.Storage.Embedded;

/// <summary>The embedded engine's bus: there is no other node, so nothing is sent and nothing arrives.</summary>
internal sealed class LocalClusterBus : IClusterBus
{
    public bool ReachesOtherNodes => false;

    public Task PublishAsync(string payload, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ListenAsync(Func<string, ValueTask> deliver, CancellationToken cancellationToken)
    {
        // Nothing ever arrives: wait for the end (no timer involved).
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
    }
}
