namespace McpGateway.Silo;

/// <summary>Where the silo keeps membership, grain state and reminders: the engine the node runs on.</summary>
public abstract record SiloStore
{
    private SiloStore()
    {
    }

    /// <summary>
    /// The embedded engine: one silo with localhost clustering, grain state in the SQLite file
    /// <paramref name="DatabaseFile"/> (migration 008 of <c>sql/sqlite</c>), reminders in memory.
    /// </summary>
    public sealed record Embedded(string DatabaseFile) : SiloStore;

    /// <summary>
    /// The cluster: membership, grain state and reminders in the PostgreSQL database of <paramref name="ConnectionString"/>
    /// (migration 008 of <c>sql/postgres</c>).
    /// </summary>
    public sealed record Postgres(string ConnectionString) : SiloStore;
}
