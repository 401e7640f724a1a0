using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Bench.Jobs;

/// <summary>The database of the run: <c>DATABASE_URL</c>, else a fresh database on a private server started for the run.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;

    private BenchDatabase(string connectionString, PostgresServer? server, string description)
    {
        ConnectionString = connectionString;
        _server = server;
        Description = description;
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public static async Task<BenchDatabase> OpenAsync()
    {
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url)
        {
            return new BenchDatabase(McpGateway.Storage.Postgres.DatabaseUrl.TryParse(url, out var parsed, out var error) ? parsed!.ConnectionString : throw new InvalidOperationException("DATABASE_URL: " + error), null, "DATABASE_URL");
        }

        var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("bench");
        return new BenchDatabase(database.ConnectionString, server, "private PostgreSQL server (Debian binaries, the tests' settings: fsync, synchronous_commit and full_page_writes off)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
