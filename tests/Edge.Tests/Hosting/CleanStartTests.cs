using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>
/// A node started as in production, on either engine, logs no Orleans warning about settings unsuitable for production:
/// job reminders keep Orleans' minimum reminder period (a minute); the sub-minute checks are grain timers.
/// </summary>
public sealed class CleanStartTests
{
    [Theory]
    [InlineData("embedded")]
    [InlineData("postgres")]
    public async Task ANormalStart_LogsNoReminderPeriodWarning(string engine)
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends: []\n");
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var settings = new Dictionary<string, string?> { ["LOG_LEVEL"] = "Information" };
        if (engine == "postgres")
        {
            settings["DATABASE_URL"] = (await SharedPostgres.CreateDatabaseAsync("cleanstart")).Url;
        }

        await using var node = await GatewayProcess.StartAsync(new GatewayNodeSpec
        {
            ConfigDirectory = Path.Combine(folder.Path, "config"),
            DataDirectory = Path.Combine(folder.Path, "data"),
            Settings = settings,

            // No backend, so never ready: alive is enough, the log says when the silo and its runners are up.
            ReadyPath = "/health/live",
        });

        // The node's log is read: its silo started and its job runners with it, after Orleans validated its options.
        await Eventually.UntilAsync(() => node.Output.Contains("job runners on node", StringComparison.Ordinal), "the job runners' start logged");
        Assert.DoesNotContain("MinimumReminderPeriod", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unsuitable for production", node.Output, StringComparison.Ordinal);
    }
}
