using McpGateway.Storage.Postgres;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Bench.Jobs;

/// <summary>The database of the run: <c>DATABASE_URL</c>, else a fresh database on a private server started for the run.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PostgresServer? _server;

    private BenchDatabase(string url, string connectionString, PostgresServer? server, string description)
    {
        Url = url;
        ConnectionString = connectionString;
        _server = server;
        Description = description;
    }

    /// <summary>The <c>DATABASE_URL</c> the node is given.</summary>
    public string Url { get; }

    /// <summary>The same database for the bench's own statements.</summary>
    public string ConnectionString { get; }

    public string Description { get; }

    public static async Task<BenchDatabase> OpenAsync()
    {
        if (Environment.GetEnvironmentVariable("DATABASE_URL") is { Length: > 0 } url)
        {
            return DatabaseUrl.TryParse(url, out var parsed, out var error)
                ? new BenchDatabase(url, parsed!.ConnectionString, null, "DATABASE_URL")
                : throw new InvalidOperationException("DATABASE_URL: " + error);
        }

        var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync("bench");
        return new BenchDatabase(database.Url, database.ConnectionString, server,
            "private PostgreSQL server (Debian binaries, the tests' settings: fsync, synchronous_commit and full_page_writes off)");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
