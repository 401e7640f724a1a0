namespace McpGateway.Edge.Tests.Cluster;

/// <summary>One <see cref="LocalCluster"/> shared by the tests of a class that leave it as they found it.</summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started yet.");

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
