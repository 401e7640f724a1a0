using McpGateway.Storage.Embedded;
using McpGateway.Storage.Postgres;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// The one place the engine is chosen: PostgreSQL when <c>DATABASE_URL</c> is set, else the embedded engine (SQLite
/// under the data folder). Each engine's registration adds every store port of that engine. Jobs, sessions and traffic
/// control live in grains (<see cref="Traffic.TrafficServices"/>); their state is kept on the same engine by the silo.
/// </summary>
internal static class GatewayStorage
{
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, GatewayOptions options) =>
        options.Database is { } database
            ? services.AddPostgresStorage(database.ConnectionString, options.MigrateOnStart)
            : services.AddEmbeddedStorage(options.DataDirectory, options.Audit.Fsync);
}
