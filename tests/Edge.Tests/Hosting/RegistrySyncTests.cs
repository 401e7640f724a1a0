using McpGateway.Core.Registry;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>At startup tools.yaml is written to the registry (on either engine): removed tools become inactive with history kept, re-added ones come back.</summary>
public sealed class RegistrySyncTests
{
    private const string WithSum = """
            tools:
              echo: { risk: low }
              sum: { risk: medium }
        """;

    private const string WithoutSum = """
            tools:
              echo: { risk: low }
        """;

    [Theory]
    [InlineData("embedded")]
    [InlineData("postgres")]
    public async Task Restart_RemovedToolIsInactive_ReaddedToolIsActiveAgain_HistoryKept(string engine)
    {
        using var folder = new TempFolder();
        var databaseUrl = engine == "postgres" ? (await SharedPostgres.CreateDatabaseAsync("registry")).Url : null;
        async Task<IReadOnlyList<RegistryRecord>> StartWith(string tools)
        {
            await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(extra: tools), folder: folder, databaseUrl: databaseUrl);
            return await gateway.Services.GetRequiredService<IToolRegistry>().ListAsync(CancellationToken.None);
        }

        var first = await StartWith(WithSum);
        Assert.True(first.Single(r => r.Key == new RegistryKey("hello", "sum")).Active);
        Assert.True(first.Single(r => r.Key == new RegistryKey("hello", null)).Active);

        var second = await StartWith(WithoutSum);
        Assert.False(second.Single(r => r.Key == new RegistryKey("hello", "sum")).Active);
        Assert.True(second.Single(r => r.Key == new RegistryKey("hello", "echo")).Active);

        var third = await StartWith(WithSum);
        Assert.True(third.Single(r => r.Key == new RegistryKey("hello", "sum")).Active);

        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(extra: WithSum), folder: folder, databaseUrl: databaseUrl);
        Assert.Equal(engine == "postgres", !File.Exists(Path.Combine(folder.Path, "data", "gateway.db")));
        var history = await gateway.Services.GetRequiredService<IToolRegistry>().HistoryAsync(new RegistryKey("hello", "sum"), CancellationToken.None);
        Assert.Equal([RegistryChange.Added, RegistryChange.Deactivated, RegistryChange.Reactivated], history.Select(h => h.Change));
    }
}
