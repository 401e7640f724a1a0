using McpGateway.Core.Approvals;
using McpGateway.Core.Audit;
using McpGateway.Core.Jobs;
using McpGateway.Core.Registry;
using McpGateway.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpGateway.Storage.Embedded;

/// <summary>Registers the embedded engine's durable stores (one SQLite file under the data folder).</summary>
public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IToolRegistry"/>, <see cref="IApprovalStore"/>, <see cref="IJobStore"/>, <see cref="IStoreProbe"/> and <see cref="IAuditStore"/>
    /// as singletons over
    /// <c>&lt;dataDirectory&gt;/gateway.db</c>. The file and folder are created, and migrations applied, when the first
    /// of them is resolved; a <see cref="TimeProvider"/> is registered (<see cref="TimeProvider.System"/>) unless one is.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="dataDirectory">The embedded engine's folder (<c>GATEWAY_DATA_DIR</c>, by default <c>./data</c>).</param>
    /// <param name="auditFsync">
    /// Whether an audit batch is fsync'd before its calls are answered (<c>GATEWAY_AUDIT_FSYNC</c>); by default it is
    /// written to the WAL file, which survives the process's death but not an OS crash or power loss.
    /// </param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services, string dataDirectory, bool auditFsync = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        var fullPath = Path.GetFullPath(dataDirectory);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SqliteDatabase(fullPath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IToolRegistry>(sp => new SqliteToolRegistry(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IApprovalStore>(sp => new SqliteApprovalStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IJobStore>(sp => new SqliteJobStore(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStoreProbe>(sp => new SqliteStoreProbe(sp.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IAuditStore>(sp => new SqliteAuditStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(), auditFsync));
        return services;
    }
}
