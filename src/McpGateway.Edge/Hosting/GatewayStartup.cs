using McpGateway.Core.Configuration;
using McpGateway.Core.Registry;
using McpGateway.Edge.Health;
using McpGateway.Upstreams.Connections;
using McpGateway.Upstreams.Discovery;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// Brings the node up in order: registry sync, first discovery of every backend (each bounded by its own timeout),
/// then readiness. On stop it marks the node as draining before the server finishes in-flight requests.
/// </summary>
internal sealed partial class GatewayStartup(
    ToolsConfig tools,
    IToolRegistry registry,
    CatalogueService catalogue,
    BackendPool backends,
    ReadinessState readiness,
    IHostApplicationLifetime lifetime,
    ILogger<GatewayStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sync = await registry.SyncAsync(RegistryDeclarations.From(tools), cancellationToken);
        foreach (var change in sync.Changes)
        {
            LogRegistryChange(change.Key.ToString(), change.Change.ToString());
        }

        await catalogue.StartAsync(cancellationToken);
        readiness.MarkReady();
        lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        LogReady(catalogue.Current.Items.Count, tools.Backends.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        await catalogue.DisposeAsync();
        await backends.DisposeAsync();
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Registry: {Entry} {Change}")]
    private partial void LogRegistryChange(string entry, string change);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Gateway ready: {Entries} catalogue entries from {Backends} backends")]
    private partial void LogReady(int entries, int backends);
}
