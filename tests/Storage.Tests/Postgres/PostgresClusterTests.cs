using System.Collections.Concurrent;
using McpGateway.Core.Cluster;
using McpGateway.Core.Sessions;
using McpGateway.Storage.Postgres;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>Legacy stream claims and the bus on PostgreSQL; each <c>OpenDatabaseAsync</c> is another node on the same database.</summary>
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

    [Theory]
    [InlineData(10, "")]
    [InlineData(7899, "")]
    [InlineData(7900, "")]
    [InlineData(200_000, "")]
    [InlineData(10, "#")]
    public async Task Bus_DeliversSmallAndLargePayloadsToEveryListener(int size, string start)
    {
        var publisher = new PostgresClusterBus(await _storage.OpenDatabaseAsync(), TimeProvider.System);
        var listeners = new[] { new PostgresClusterBus(await _storage.OpenDatabaseAsync(), TimeProvider.System), new PostgresClusterBus(await _storage.OpenDatabaseAsync(), TimeProvider.System) };
        using var stop = new CancellationTokenSource();
        var received = listeners.Select(_ => new BlockingCollection<string>()).ToArray();
        var listening = listeners.Select((l, i) => l.ListenAsync(p => { received[i].Add(p); return ValueTask.CompletedTask; }, stop.Token)).ToArray();

        // LISTEN takes effect asynchronously: publish a marker until every listener has heard it.
        await WaitUntilListeningAsync(publisher, received);
        // A payload that looks like a stored payload's reference travels through the table too.
        var payload = start + new string('x', size - start.Length);
        await publisher.PublishAsync(payload, default);

        foreach (var inbox in received)
        {
            // A late marker (one published while a loaded machine was slow to deliver the first) may still come first.
            string? got;
            do
            {
                Assert.True(inbox.TryTake(out got, TimeSpan.FromSeconds(30)));
            }
            while (got == "ready");

            Assert.Equal(payload, got);
        }

        await stop.CancelAsync();
        await Task.WhenAll(listening);
    }

    private static async Task WaitUntilListeningAsync(PostgresClusterBus publisher, BlockingCollection<string>[] received)
    {
        var heard = new bool[received.Length];
        for (var attempt = 0; attempt < 300 && heard.Any(h => !h); attempt++)
        {
            await publisher.PublishAsync("ready", default);
            for (var i = 0; i < received.Length; i++)
            {
                while (received[i].TryTake(out var marker, heard[i] ? 0 : 100))
                {
                    heard[i] |= marker == "ready";
                }
            }
        }

        Assert.All(heard, Assert.True);
        foreach (var inbox in received)
        {
            while (inbox.TryTake(out _, 200))
            {
            }
        }
    }
}
