using McpGateway.Storage.Postgres;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>
/// One test's fresh database on the shared test server; each <see cref="OpenDatabaseAsync"/> is like another node
/// (its own connection pool) starting against the same database, migrating it first.
/// </summary>
internal sealed class PostgresStorageFixture : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _opened = [];
    private PostgresTestDatabase? _database;

    public PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("Call OpenDatabaseAsync first.");

    public async Task<PostgresDatabase> OpenDatabaseAsync(TimeProvider? timeProvider = null)
    {
        _database ??= await SharedPostgres.CreateDatabaseAsync("storage");
        var opened = Track(new PostgresDatabase(_database.ConnectionString));
        await opened.MigrateAsync((timeProvider ?? TimeProvider.System).GetUtcNow(), default);
        return opened;
    }

    public T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        lock (_opened)
        {
            _opened.Add(disposable);
        }

        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        // Stores first (they flush into their database), then the databases.
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }
    }
}
