using System.Collections.Concurrent;
using McpGateway.Grains.Sessions;
using McpGateway.Grains.Tests.Traffic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace McpGateway.Grains.Tests.Sessions;

/// <summary>The session's record in its grain, and the per-user cap in the owner's grain, with real silos (two, in process).</summary>
public sealed class SessionRecordTests : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("grains", o => o.GrainStorageSerializer = new McpGateway.Silo.JsonGrainStateSerializer());
            silo.Services.AddSingleton<TimeProvider>(_time);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    private IGrainFactory Grains => _cluster.Client;

    private SiloAddress Silo => _cluster.Silos[0].SiloAddress;

    [Fact]
    public async Task A_session_is_opened_once_read_with_its_activity_updated_and_reloaded_by_a_new_activation()
    {
        // Kept in a variable: an observer object is held weakly, and the update tells the node that read the session.
        var observer = new RecordingNode();
        var node = Grains.CreateObjectReference<ISessionObserver>(observer);
        var grain = Grains.GetGrain<ISessionGrain>("r-persisted");
        Assert.Null(await grain.GetAsync("ada", null, _time.GetUtcNow(), node, Silo));

        Assert.True(await grain.OpenAsync(Record("r-persisted", "ada"), node, Silo));
        Assert.False(await grain.OpenAsync(Record("r-persisted", "mallory"), node, Silo));

        _time.Advance(TimeSpan.FromMinutes(1));
        var read = await grain.GetAsync("ada", null, _time.GetUtcNow(), node, Silo);
        Assert.Equal("ada", read!.OwnerUserId);
        Assert.Equal(_time.GetUtcNow(), read.LastSeenAt);
        Assert.Equal("""{"name":"client"}""", read.ClientInfo);

        Assert.True(await grain.UpdateAsync(read with { Initialized = true, LogLevel = "warning", Subscriptions = ["file:///a"], OwnerUserId = "mallory" }));

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);

        var reloaded = await grain.GetAsync("ada", null, _time.GetUtcNow(), node, Silo);
        Assert.NotNull(reloaded);
        Assert.True(reloaded.Initialized);
        Assert.Equal("warning", reloaded.LogLevel);
        Assert.Equal(["file:///a"], reloaded.Subscriptions);
        Assert.Equal("ada", reloaded.OwnerUserId);
        Assert.Equal("2025-11-25", reloaded.ProtocolVersion);

        Assert.True(await grain.EndAsync());
        Assert.False(await grain.EndAsync());
        Assert.Null(await grain.GetAsync("ada", null, _time.GetUtcNow(), node, Silo));
        Assert.False(await grain.UpdateAsync(reloaded));
        Assert.Equal(["r-persisted"], observer.Changed);
    }

    [Fact]
    public async Task An_idle_session_is_gone_at_once_and_ended_by_its_grain_which_tells_the_nodes_that_used_it()
    {
        var opener = new RecordingNode();
        var reader = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("r-idle");
        Assert.True(await grain.OpenAsync(Record("r-idle", "ada"), Grains.CreateObjectReference<ISessionObserver>(opener), Silo));
        Assert.NotNull(await grain.GetAsync("ada", null, _time.GetUtcNow(), Grains.CreateObjectReference<ISessionObserver>(reader), _cluster.Silos[1].SiloAddress));

        _time.Advance(IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.Null(await grain.GetAsync("ada", null, _time.GetUtcNow(), Grains.CreateObjectReference<ISessionObserver>(reader), Silo));
        Assert.False(await grain.IsOpenAsync());

        // The grain's idle check ends it and tells both nodes (they close its streams and backend sessions).
        await Eventually.TrueAsync(() => opener.Ended.Contains("r-idle") && reader.Ended.Contains("r-idle"), "the session's end told to both nodes");
        Assert.False(await grain.EndAsync());
    }

    /// <summary>The nodes that read a session keep a copy for a moment (the edge's RecentSessions): an update tells them all, the updating node too.</summary>
    [Fact]
    public async Task An_update_tells_every_node_that_read_the_session()
    {
        var opener = new RecordingNode();
        var reader = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("r-changed");
        Assert.True(await grain.OpenAsync(Record("r-changed", "ada"), Grains.CreateObjectReference<ISessionObserver>(opener), Silo));
        var read = await grain.GetAsync("ada", null, _time.GetUtcNow(), Grains.CreateObjectReference<ISessionObserver>(reader), _cluster.Silos[1].SiloAddress);
        Assert.Empty(reader.Changed);

        Assert.True(await grain.UpdateAsync(read! with { LogLevel = "error" }));

        // Told before the update returns: the next request on either node reads the new record.
        Assert.Equal(["r-changed"], reader.Changed);
        Assert.Equal(["r-changed"], opener.Changed);
        Assert.Empty(reader.Ended);
    }

    [Fact]
    public async Task Another_users_or_scopes_read_is_refused_before_it_touches_the_session()
    {
        var opener = new RecordingNode();
        var intruder = new RecordingNode();
        var grain = Grains.GetGrain<ISessionGrain>("r-foreign");
        Assert.True(await grain.OpenAsync(Record("r-foreign", "ada"), Grains.CreateObjectReference<ISessionObserver>(opener), Silo));

        // Just before the session goes idle, another user (and its owner on another scope) use its id, on another node.
        _time.Advance(IdleTimeout - TimeSpan.FromMinutes(1));
        var intruderNode = Grains.CreateObjectReference<ISessionObserver>(intruder);
        Assert.Null(await grain.GetAsync("mallory", null, _time.GetUtcNow(), intruderNode, _cluster.Silos[1].SiloAddress));
        Assert.Null(await grain.GetAsync("ada", "other-scope", _time.GetUtcNow(), intruderNode, _cluster.Silos[1].SiloAddress));

        // Neither kept it alive: idle from its owner's last use, it is gone, and only the opener's node is told.
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await grain.GetAsync("ada", null, _time.GetUtcNow(), Grains.CreateObjectReference<ISessionObserver>(opener), Silo));
        await Eventually.TrueAsync(() => opener.Ended.Contains("r-foreign"), "the session's end told to its node");
        Assert.Empty(intruder.Ended);
    }

    [Fact]
    public async Task The_owners_grain_opens_sessions_within_the_cap_and_counts_ended_and_idle_ones_out()
    {
        var owner = Grains.GetGrain<ISessionOwnerGrain>("grace");
        var node = Grains.CreateObjectReference<ISessionObserver>(new RecordingNode());

        // Concurrent openings never pass the cap together, and those admitted are open.
        var opened = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => owner.TryOpenAsync(Record($"g-{i}", "grace"), 2, node, Silo)));
        Assert.Equal(2, opened.Count(o => o));
        var open = Enumerable.Range(1, 6).Where(i => opened[i - 1]).Select(i => $"g-{i}").ToList();
        Assert.Equal(open.Order(), (await owner.ListAsync()).Order());
        foreach (var id in open)
        {
            Assert.True(await Grains.GetGrain<ISessionGrain>(id).IsOpenAsync());
        }

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<ISessionOwnerGrain>("someone").TryOpenAsync(Record(open[0], "someone"), 2, node, Silo));

        // An ended session leaves its owner.
        Assert.True(await Grains.GetGrain<ISessionGrain>(open[0]).EndAsync());
        await Eventually.TrueAsync(async () => !(await owner.ListAsync()).Contains(open[0]), "the ended session removed from its owner");
        Assert.True(await owner.TryOpenAsync(Record("g-7", "grace"), 2, node, Silo));
        Assert.False(await owner.TryOpenAsync(Record("g-8", "grace"), 2, node, Silo));

        // Sessions idle for their timeout no longer count, even before their grains ended them.
        _time.Advance(IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.True(await owner.TryOpenAsync(Record("g-9", "grace"), 2, node, Silo));
        Assert.Equal(["g-9"], await owner.ListAsync());
    }

    private SessionState Record(string id, string owner) => new()
    {
        Id = id,
        ProtocolVersion = "2025-11-25",
        OwnerUserId = owner,
        ClientInfo = """{"name":"client"}""",
        CreatedAt = _time.GetUtcNow(),
        LastSeenAt = _time.GetUtcNow(),
        IdleTimeout = IdleTimeout,
    };

    private sealed class RecordingNode : ISessionObserver
    {
        public ConcurrentBag<string> Ended { get; } = [];

        public ConcurrentBag<string> Changed { get; } = [];

        public Task<bool> DeliverAsync(string sessionId, SessionMessage message)
        {
            if (message.Kind == SessionMessageKind.SessionEnded)
            {
                Ended.Add(sessionId);
            }
            else if (message.Kind == SessionMessageKind.SessionChanged)
            {
                Changed.Add(sessionId);
            }

            return Task.FromResult(true);
        }

        public Task<string?> ResumeHeldAsync(string token, string retry) => Task.FromResult<string?>(null);
    }
}
