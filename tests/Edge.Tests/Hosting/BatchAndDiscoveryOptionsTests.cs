using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The batch limits and the discovery failure threshold: their defaults, and bad values reported together at startup.</summary>
public sealed class BatchAndDiscoveryOptionsTests
{
    [Fact]
    public void Unset_GivesTheDocumentedDefaults()
    {
        var (options, errors) = GatewayOptionsReader.Read([], new Dictionary<string, string> { ["GATEWAY_AUTH_MODE"] = "none" }.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal(32, options.Batches.MaxLength);
        Assert.Equal(4, options.Batches.Concurrency);
        Assert.Equal(10 * 1024 * 1024, options.Batches.MaxResponseBytes);
        Assert.Equal(3, options.DiscoveryFailuresToDrop);
    }

    [Fact]
    public void Set_AreRead()
    {
        var env = new Dictionary<string, string>
        {
            ["GATEWAY_AUTH_MODE"] = "none",
            ["GATEWAY_MAX_BATCH_LENGTH"] = "8",
            ["GATEWAY_BATCH_CONCURRENCY"] = "2",
            ["GATEWAY_MAX_BATCH_RESPONSE_BYTES"] = "65536",
            ["GATEWAY_DISCOVERY_FAILURES_TO_DROP"] = "5",
        };

        var (options, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal(new McpGateway.Edge.Mcp.BatchLimits { MaxLength = 8, Concurrency = 2, MaxResponseBytes = 65536 }, options.Batches);
        Assert.Equal(5, options.DiscoveryFailuresToDrop);
    }

    [Fact]
    public void BadValues_AreAllReported()
    {
        var env = new Dictionary<string, string>
        {
            ["GATEWAY_AUTH_MODE"] = "none",
            ["GATEWAY_MAX_BATCH_LENGTH"] = "0",
            ["GATEWAY_BATCH_CONCURRENCY"] = "many",
            ["GATEWAY_MAX_BATCH_RESPONSE_BYTES"] = "10",
            ["GATEWAY_DISCOVERY_FAILURES_TO_DROP"] = "0",
        };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Contains("GATEWAY_MAX_BATCH_LENGTH: '0' is not a number from 1 to 10000", errors);
        Assert.Contains("GATEWAY_BATCH_CONCURRENCY: 'many' is not a number from 1 to 64", errors);
        Assert.Contains("GATEWAY_MAX_BATCH_RESPONSE_BYTES: '10' is not a number from 1024 to 2147483648", errors);
        Assert.Contains("GATEWAY_DISCOVERY_FAILURES_TO_DROP: '0' is not a number from 1 to 1000", errors);
    }
}
