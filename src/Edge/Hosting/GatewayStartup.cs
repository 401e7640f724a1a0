using McpGateway.Core.Configuration;
using McpGateway.Edge.Health;
using McpGateway.Upstreams.Connections;
using McpGateway.Upstreams.Discovery;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// Brings the node up in order: registry sync, first discovery of every backend (each bounded by its own timeout),
/// then readiness. On stop it marks the node as draining before the server finishes in-flight requests.
/// </summary>
internal sealed partial class GatewayStartup(
    ToolsConfigSource tools,
    RegistrySync registry,
    CatalogueService catalogue,
    BackendPool backends,
    ReadinessState readiness,
    IHostApplicationLifetime lifetime,
    ILogger<GatewayStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.SyncAsync(tools.Current, cancellationToken);

        await catalogue.StartAsync(cancellationToken);
        readiness.MarkReady();
        lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        LogReady(catalogue.Current.Items.Count, tools.Current.Backends.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        await catalogue.DisposeAsync();
        await backends.DisposeAsync();
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Gateway ready: {Entries} catalogue entries from {Backends} backends")]
    private partial void LogReady(int entries, int backends);
}
