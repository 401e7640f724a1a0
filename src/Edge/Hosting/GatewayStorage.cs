using McpGateway.Storage.Embedded;
using McpGateway.Storage.Postgres;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// The one place the engine is chosen: PostgreSQL when <c>DATABASE_URL</c> is set, else the embedded engine (SQLite
/// under the data folder). Each engine's registration adds every store port of that engine. Leases in the database
/// (admission, jobs) carry this node's cluster id (<see cref="Cluster.LocalNode"/>).
/// </summary>
internal static class GatewayStorage
{
    public static IServiceCollection AddGatewayStorage(this IServiceCollection services, GatewayOptions options) =>
        options.Database is { } database
            ? services.AddPostgresStorage(database.ConnectionString, options.MigrateOnStart).AddPostgresAdmission(options.Admission, sp => sp.GetRequiredService<Cluster.LocalNode>().Id)
            : services.AddEmbeddedStorage(options.DataDirectory);
}
