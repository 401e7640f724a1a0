using McpGateway.Core.Approvals;
using McpGateway.Core.Audit;
using McpGateway.Core.Jobs;
using McpGateway.Core.Registry;
using McpGateway.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Storage.Postgres;

/// <summary>Registers the PostgreSQL engine's stores (one database shared by every node of a cluster).</summary>
public static class PostgresStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IToolRegistry"/>, <see cref="IApprovalStore"/>, <see cref="IJobStore"/>, <see cref="IStoreProbe"/> and <see cref="IAuditStore"/>
    /// as singletons over one connection pool to
    /// <paramref name="connectionString"/>. When the first of them is resolved the database is migrated
    /// (<paramref name="migrate"/>) or checked to be fully migrated; a <see cref="TimeProvider"/> is registered
    /// (<see cref="TimeProvider.System"/>) unless one is.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">An Npgsql connection string (see <see cref="DatabaseUrl"/>).</param>
    /// <param name="migrate">Apply missing migrations (true), or refuse a database that lacks some (false).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString, bool migrate = true)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var database = new PostgresDatabase(connectionString);
            try
            {
                // Resolved from a synchronous factory: the first store to be resolved waits for the schema. The work
                // runs on the thread pool, off the resolver's task scheduler: a store first resolved by a grain's
                // activation (whose scheduler runs one turn at a time) would otherwise wait on its own continuations.
                var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
                Task.Run(() => migrate ? database.MigrateAsync(now, CancellationToken.None) : database.EnsureCurrentAsync(CancellationToken.None))
                    .GetAwaiter().GetResult();
            }
            catch
            {
                database.Dispose();
                throw;
            }

            return database;
        });
        services.AddSingleton<IToolRegistry>(sp => new PostgresToolRegistry(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IApprovalStore>(sp => new PostgresApprovalStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IJobStore>(sp => new PostgresJobStore(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IStoreProbe>(sp => new PostgresStoreProbe(sp.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IAuditStore>(sp => new PostgresAuditStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
