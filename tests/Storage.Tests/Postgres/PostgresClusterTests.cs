using System.Collections.Concurrent;
using McpGateway.Core.Cluster;
using McpGateway.Core.Sessions;
using McpGateway.Storage.Postgres;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>Membership and the bus on PostgreSQL; each <c>OpenDatabaseAsync</c> is another node on the same database.</summary>
public sealed class PostgresClusterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly PostgresStorageFixture _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task MarkDead_SweptByManyNodesAtOnce_ReturnsEachOverdueNodeExactlyOnce()
    {
        var membership = new PostgresClusterMembership(await _storage.OpenDatabaseAsync());
        await membership.HeartbeatAsync(Node("late", Start), default);
        await membership.HeartbeatAsync(Node("fresh", Start.AddSeconds(10)), default);
        var sweepers = new List<PostgresClusterMembership>();
        for (var i = 0; i < 6; i++)
        {
            sweepers.Add(new PostgresClusterMembership(await _storage.OpenDatabaseAsync()));
        }

        var results = await Task.WhenAll(sweepers.Select(s => s.MarkDeadAsync(Start.AddSeconds(5), Start.AddHours(-1), default)));

        Assert.Equal(["late"], results.SelectMany(r => r));
        var listed = await membership.ListAsync(default);
        Assert.Equal(["fresh", "late"], listed.Select(n => n.Id));
        Assert.Equal([NodeStatus.Alive, NodeStatus.Dead], listed.Select(n => n.Status));
    }

    [Fact]
    public async Task Heartbeat_OfANodeMarkedDead_MakesItAliveAgain_WithEveryField()
    {
        var membership = new PostgresClusterMembership(await _storage.OpenDatabaseAsync());
        await membership.HeartbeatAsync(Node("n1", Start), default);
        await membership.MarkDeadAsync(Start.AddSeconds(1), Start.AddHours(-1), default);

        var again = Node("n1", Start.AddSeconds(20)) with { Roles = ["gateway", "jobs"], InFlight = 7, OpenStreams = 3, ConfigVersion = "sha256:ab" };
        await membership.HeartbeatAsync(again, default);

        Assert.Equal(again, Assert.Single(await membership.ListAsync(default)) with { Roles = again.Roles });
        Assert.Equal(["gateway", "jobs"], (await membership.ListAsync(default))[0].Roles);
    }

    [Fact]
    public async Task MarkDead_ForgetsDepartedNodesAfterTheKeepPeriod_AndNeverMarksALeftNodeDead()
    {
        var membership = new PostgresClusterMembership(await _storage.OpenDatabaseAsync());
        await membership.HeartbeatAsync(Node("gone", Start), default);
        await membership.SetStatusAsync("gone", NodeStatus.Left, Start, default);
        await membership.HeartbeatAsync(Node("stays", Start.AddHours(2)), default);

        Assert.Empty(await membership.MarkDeadAsync(Start.AddSeconds(30), Start.AddMinutes(-1), default));
        Assert.Equal(NodeStatus.Left, (await membership.ListAsync(default)).Single(n => n.Id == "gone").Status);

        await membership.MarkDeadAsync(Start.AddHours(2), Start.AddHours(1), default);
        Assert.Equal(["stays"], (await membership.ListAsync(default)).Select(n => n.Id));
    }

    [Fact]
    public async Task RecoverStreams_EndsTheLegacySessionsOfThatNodeOnly()
    {
        var database = await _storage.OpenDatabaseAsync();
        var membership = new PostgresClusterMembership(database);
        var sessions = _storage.Track(new PostgresSessionStore(database));
        foreach (var id in new[] { "a1", "a2", "b1", "plain" })
        {
            await sessions.CreateAsync(new SessionRecord { Id = id, ProtocolVersion = "2024-11-05", OwnerUserId = "u", CreatedAt = Start, LastSeenAt = Start }, default);
        }

        await membership.ClaimStreamAsync("a1", "node-a", Start, default);
        await membership.ClaimStreamAsync("a2", "node-a", Start, default);
        await membership.ClaimStreamAsync("b1", "node-b", Start, default);

        var recovered = await membership.RecoverStreamsAsync("node-a", default);

        Assert.Equal(["a1", "a2"], recovered.Order(StringComparer.Ordinal));
        Assert.Null(await sessions.GetAsync("a1", default));
        Assert.NotNull(await sessions.GetAsync("b1", default));
        Assert.NotNull(await sessions.GetAsync("plain", default));
        Assert.Empty(await membership.RecoverStreamsAsync("node-a", default));
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

    private static ClusterNode Node(string id, DateTimeOffset heartbeat) => new()
    {
        Id = id,
        Address = $"http://{id}:8000",
        Version = "1.0.0",
        Roles = ["gateway"],
        StartedAt = Start,
        HeartbeatAt = heartbeat,
    };
}
