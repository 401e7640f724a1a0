using McpGateway.Core.Storage;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// Opens the node's database before the silo starts: opening it applies the missing migrations (or, with
/// <c>GATEWAY_MIGRATE_ON_START=false</c>, refuses a database that lacks some), and the silo's tables (membership,
/// grain state, reminders) are among them. Registered just before the silo, so it starts first.
/// </summary>
internal sealed class SchemaReady(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The store's factory opens (and migrates) the database the first time any store is resolved.
        services.GetRequiredService<IStoreProbe>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
