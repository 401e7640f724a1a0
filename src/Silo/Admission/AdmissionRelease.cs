using McpGateway.Core.Traffic;
using Microsoft.Extensions.Hosting;

namespace McpGateway.Silo.Admission;

/// <summary>
/// Gives this node's leases back when the host stops: after the edge has drained (the web server stops first) and
/// before the silo leaves the cluster (registered after <c>UseOrleans</c>, so it stops before the silo does).
/// </summary>
internal sealed class AdmissionRelease(IAdmissionEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (engine is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
