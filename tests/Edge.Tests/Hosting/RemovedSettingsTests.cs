using McpGateway.Edge.Hosting;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>A setting an earlier release read (<c>GATEWAY_JOB_LEASE_SECONDS</c>) refuses the start, naming its replacement.</summary>
public sealed class RemovedSettingsTests
{
    [Fact]
    public void JobLeaseSeconds_IsAnError_NamingTheCheckInterval_ReportedWithTheOthers()
    {
        var env = new Dictionary<string, string>
        {
            ["GATEWAY_AUTH_MODE"] = "none",
            ["GATEWAY_JOB_LEASE_SECONDS"] = "15",
            ["GATEWAY_JOB_CHECK_SECONDS"] = "0",
        };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Equal(2, errors.Count);
        var removed = Assert.Single(errors, e => e.StartsWith("GATEWAY_JOB_LEASE_SECONDS:", StringComparison.Ordinal));
        Assert.Contains("no longer read", removed, StringComparison.Ordinal);
        Assert.Contains("set GATEWAY_JOB_CHECK_SECONDS instead", removed, StringComparison.Ordinal);
        Assert.Contains(errors, e => e.StartsWith("GATEWAY_JOB_CHECK_SECONDS: '0'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void JobLeaseSeconds_UnsetOrBlank_IsNoError(string? value)
    {
        var env = new Dictionary<string, string?> { ["GATEWAY_AUTH_MODE"] = "none", ["GATEWAY_JOB_LEASE_SECONDS"] = value };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Process_WithJobLeaseSeconds_RefusesToStart_WithExitCode2_NamingTheReplacement()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends: []\n");
        var env = new Dictionary<string, string?> { ["GATEWAY_AUTH_MODE"] = "none", ["GATEWAY_JOB_LEASE_SECONDS"] = "15" };

        await using var gateway = GatewayProcess.Run(["--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], env);
        await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("GATEWAY_JOB_LEASE_SECONDS: no longer read", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("GATEWAY_JOB_CHECK_SECONDS", gateway.Output, StringComparison.Ordinal);
    }
}
