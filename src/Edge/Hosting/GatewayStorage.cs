using McpGateway.Storage.Embedded;
using McpGateway.Storage.Postgres;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// The one place the engine is chosen: PostgreSQL when <c>DATABASE_URL</c> is set, else the embedded engine (SQLite
/// under the data folder). Each engine's registration adds every store port of that engine. Job leases in the
/// database carry this node's cluster id (<see cref="Cluster.LocalNode"/>); traffic control lives in grains
/// (<see cref="Traffic.TrafficServices"/>).
/// </summary>
internal static class GatewayStorage
{
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, GatewayOptions options) =>
        options.Database is { } database
            ? services.AddPostgresStorage(database.ConnectionString, options.MigrateOnStart)
            : services.AddEmbeddedStorage(options.DataDirectory, options.Audit.Fsync);
}
