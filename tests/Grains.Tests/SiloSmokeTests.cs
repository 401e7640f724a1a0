using Orleans.TestingHost;

namespace McpGateway.Grains.Tests;

public sealed class SiloSmokeTests
{
    [Fact]
    public async Task An_in_process_cluster_of_two_silos_starts_and_stops()
    {
        var builder = new InProcessTestClusterBuilder(2);
        await using var cluster = builder.Build();
        await cluster.DeployAsync();
        Assert.Equal(2, cluster.Silos.Count);
        await cluster.StopAllSilosAsync();
    }
}
