using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The co-hosted silo's settings (<c>GATEWAY_CLUSTER_ID</c> …): defaults, values, and errors reported with the rest.</summary>
public sealed class SiloOptionsTests
{
    private static readonly Dictionary<string, string> AuthNone = new() { ["GATEWAY_AUTH_MODE"] = "none" };

    [Fact]
    public void Unset_GivesTheDocumentedDefaults()
    {
        var (options, errors) = GatewayOptionsReader.Read([], AuthNone.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal(("mcpgw", "mcpgw", null, null), (options.Silo.ClusterId, options.Silo.ServiceId, options.Silo.SiloPort, options.Silo.AdvertisedAddress));
        Assert.Equal(TimeSpan.FromSeconds(2), options.Silo.Probes.ProbeTimeout);
        Assert.Equal((3, 2), (options.Silo.Probes.MissedProbes, options.Silo.Probes.DeathVotes));
        Assert.Equal(TimeSpan.FromSeconds(10), options.Silo.Probes.IAmAlivePeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Silo.Probes.TableRefresh);
        Assert.Equal(TimeSpan.FromHours(1), options.Silo.Probes.DefunctExpiration);
    }

    [Fact]
    public void Values_AreRead()
    {
        var env = new Dictionary<string, string>(AuthNone)
        {
            ["GATEWAY_CLUSTER_ID"] = "prod-eu",
            ["GATEWAY_SERVICE_ID"] = "gateway",
            ["GATEWAY_SILO_PORT"] = "12000",
            ["GATEWAY_SILO_ADVERTISED_ADDRESS"] = "gateway1",
            ["GATEWAY_SILO_PROBE_TIMEOUT_SECONDS"] = "1.5",
            ["GATEWAY_SILO_MISSED_PROBES"] = "4",
            ["GATEWAY_SILO_DEATH_VOTES"] = "1",
            ["GATEWAY_SILO_ALIVE_SECONDS"] = "5",
            ["GATEWAY_SILO_TABLE_REFRESH_SECONDS"] = "20",
            ["GATEWAY_SILO_DEFUNCT_MINUTES"] = "30",
        };

        var (options, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Empty(errors);
        var silo = options.Silo;
        Assert.Equal(("prod-eu", "gateway", 12000, "gateway1"), (silo.ClusterId, silo.ServiceId, silo.SiloPort, silo.AdvertisedAddress));
        Assert.Equal((TimeSpan.FromSeconds(1.5), 4, 1), (silo.Probes.ProbeTimeout, silo.Probes.MissedProbes, silo.Probes.DeathVotes));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(30)), (silo.Probes.IAmAlivePeriod, silo.Probes.TableRefresh, silo.Probes.DefunctExpiration));
        Assert.Contains("ClusterId = prod-eu", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadValues_AreAllReported_WithTheOtherConfigErrors()
    {
        var env = new Dictionary<string, string>(AuthNone)
        {
            ["GATEWAY_CLUSTER_ID"] = "two words",
            ["GATEWAY_SERVICE_ID"] = new string('s', 101),
            ["GATEWAY_SILO_PORT"] = "70000",
            ["GATEWAY_SILO_ADVERTISED_ADDRESS"] = "0.0.0.0",
            ["GATEWAY_SILO_PROBE_TIMEOUT_SECONDS"] = "0.1",
            ["GATEWAY_SILO_MISSED_PROBES"] = "0",
            ["GATEWAY_SILO_DEATH_VOTES"] = "many",
            ["LOG_LEVEL"] = "loud",
        };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        foreach (var variable in env.Keys.Where(k => k != "GATEWAY_AUTH_MODE"))
        {
            Assert.Contains(errors, e => e.StartsWith(variable + ":", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("not a host")]
    [InlineData("http://gateway1")]
    [InlineData("::")]
    public void AdvertisedAddress_ThatNoSiloCanReach_IsRefused(string value)
    {
        var env = new Dictionary<string, string>(AuthNone) { ["GATEWAY_SILO_ADVERTISED_ADDRESS"] = value };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Contains(errors, e => e.StartsWith("GATEWAY_SILO_ADVERTISED_ADDRESS:", StringComparison.Ordinal));
    }
}
