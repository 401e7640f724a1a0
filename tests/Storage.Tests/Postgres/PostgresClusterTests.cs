using McpGateway.Core.Cluster;
using McpGateway.Core.Sessions;
using McpGateway.Storage.Postgres;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>Legacy stream claims on PostgreSQL; each <c>OpenDatabaseAsync</c> is another node on the same database.</summary>
public sealed class PostgresClusterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly PostgresStorageFixture _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task EndSessionsOf_EndsTheLegacySessionsOfThatNodeOnly()
    {
        var database = await _storage.OpenDatabaseAsync();
        var membership = new PostgresStreamClaims(database);
        var sessions = _storage.Track(new PostgresSessionStore(database));
        foreach (var id in new[] { "a1", "a2", "b1", "plain" })
        {
            await sessions.CreateAsync(new SessionRecord { Id = id, ProtocolVersion = "2024-11-05", OwnerUserId = "u", CreatedAt = Start, LastSeenAt = Start }, default);
        }

        await membership.ClaimAsync("a1", "node-a", Start, default);
        await membership.ClaimAsync("a2", "node-a", Start, default);
        await membership.ClaimAsync("b1", "node-b", Start, default);

        var recovered = await membership.EndSessionsOfAsync("node-a", default);

        Assert.Equal(["a1", "a2"], recovered.Order(StringComparer.Ordinal));
        Assert.Null(await sessions.GetAsync("a1", default));
        Assert.NotNull(await sessions.GetAsync("b1", default));
        Assert.NotNull(await sessions.GetAsync("plain", default));
        Assert.Empty(await membership.EndSessionsOfAsync("node-a", default));
    }

    [Fact]
    public async Task EndSessionsOf_RunByEverySurvivorAtOnce_EndsEachSessionExactlyOnce()
    {
        var database = await _storage.OpenDatabaseAsync();
        var sessions = _storage.Track(new PostgresSessionStore(database));
        var claims = new PostgresStreamClaims(database);
        var ids = Enumerable.Range(0, 40).Select(i => $"s{i}").ToList();
        foreach (var id in ids)
        {
            await sessions.CreateAsync(new SessionRecord { Id = id, ProtocolVersion = "2024-11-05", OwnerUserId = "u", CreatedAt = Start, LastSeenAt = Start }, default);
            await claims.ClaimAsync(id, "dead-node", Start, default);
        }

        // Orleans tells every surviving node that the silo died; each runs the recovery.
        var survivors = new List<PostgresStreamClaims>();
        for (var i = 0; i < 6; i++)
        {
            survivors.Add(new PostgresStreamClaims(await _storage.OpenDatabaseAsync()));
        }

        var ended = await Task.WhenAll(survivors.Select(c => c.EndSessionsOfAsync("dead-node", default)));

        Assert.Equal(ids.Order(StringComparer.Ordinal), ended.SelectMany(e => e).Order(StringComparer.Ordinal));
    }
}
