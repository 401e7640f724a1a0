using Xunit;

namespace McpGateway.Tests.Common.Postgres;

/// <summary>
/// A class fixture (<c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c>) giving a test class one fresh database on
/// the <see cref="SharedPostgres"/> server. Tests that need a fresh database each call
/// <see cref="SharedPostgres.CreateDatabaseAsync"/> instead.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public PostgresTestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized yet.");

    public string ConnectionString => Database.ConnectionString;

    public async Task InitializeAsync() => _database = await SharedPostgres.CreateDatabaseAsync("fixture");

    public Task DisposeAsync() => Task.CompletedTask;
}
