namespace McpGateway.Tests.Common.Postgres;

/// <summary>
/// One <see cref="PostgresServer"/> per test process (that is, per test assembly), started on first use and stopped,
/// with its folder deleted, by its watchdog once the process has exited. Tests take a fresh database each with
/// <see cref="CreateDatabaseAsync"/>. Never stop or restart the shared server: a test that needs that starts its own
/// with <see cref="PostgresServer.StartAsync"/>.
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(PostgresServer.StartAsync);

    /// <summary>The shared server, started on the first call.</summary>
    public static Task<PostgresServer> GetAsync() => Server.Value;

    /// <summary>An empty database with a random name on the shared server.</summary>
    public static async Task<PostgresTestDatabase> CreateDatabaseAsync(string prefix = "test") =>
        await (await GetAsync()).CreateDatabaseAsync(prefix);
}
