using McpGateway.Core.Traffic;
using McpGateway.Storage.Postgres.Traffic;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Postgres.Traffic;

/// <summary>The cluster engine against a real PostgreSQL: each engine is one node (its own pool) on the same database.</summary>
public sealed class PostgresAdmissionEngineTests : IAsyncLifetime
{
    private readonly PostgresStorageFixture _fixture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    private async Task<PostgresAdmissionEngine> NodeAsync(bool strict = false)
    {
        var database = await _fixture.OpenDatabaseAsync();
        return _fixture.Track(new PostgresAdmissionEngine(
            database.DataSource, TimeProvider.System, new PostgresAdmissionOptions { Strict = strict, LeaseTime = TimeSpan.FromSeconds(30) }, NullLogger.Instance));
    }

    /// <summary>A bucket that barely refills, spent from three nodes at once: exactly its burst is admitted in all.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ThreeNodes_ShareOneBucket_AndTogetherGetExactlyItsBurst(bool strict)
    {
        var limit = new RateLimit(0.001, 40);
        var nodes = new[] { await NodeAsync(strict), await NodeAsync(strict), await NodeAsync(strict) };
        var admitted = await Task.WhenAll(nodes.Select(async node =>
        {
            var budget = node.Budget("tool:t/x", limit);
            var count = 0;
            for (var i = 0; i < 60; i++)
            {
                count += (await budget.TryTakeAsync(default)).Admitted ? 1 : 0;
            }

            return count;
        }));

        Assert.Equal(40, admitted.Sum());
        if (strict)
        {
            Assert.All(nodes, node => Assert.Equal(60, node.Statements)); // one statement per call
        }
        else
        {
            Assert.All(nodes, node => Assert.True(node.Statements < 60, $"{node.Statements} statements for 60 calls"));
        }
    }

    /// <summary>A refused call reports when to retry and the bucket's state, from the shared row.</summary>
    [Fact]
    public async Task ARefusal_SaysWhenToRetry()
    {
        var node = await NodeAsync(strict: true);
        var budget = node.Budget("user:/u", new RateLimit(60, 1));
        Assert.True((await budget.TryTakeAsync(default)).Admitted);
        var refused = await budget.TryTakeAsync(default);
        Assert.False(refused.Admitted);
        Assert.Equal(1, refused.Limit);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
    }

    /// <summary>Slots leased by one node are not available to another until it gives them back.</summary>
    [Fact]
    public async Task Slots_AreShared_AndReturnWhenReleased()
    {
        var settings = new ConcurrencySettings(2, 10, TimeSpan.FromSeconds(60));
        var first = (await NodeAsync()).Slots("tool:t/x", settings);
        var second = (await NodeAsync()).Slots("tool:t/x", settings);
        Assert.Equal(SlotDecision.Acquired, await first.AcquireAsync(default));
        Assert.Equal(SlotDecision.Acquired, await first.AcquireAsync(default));
        var waiting = second.AcquireAsync(default).AsTask();
        // Queued is the signal: the second node asked for a slot, was refused, and waits.
        await Eventually.UntilAsync(() => second.Queued == 1, "the second node's request to queue");
        Assert.False(waiting.IsCompleted);

        first.Release();
        Assert.Equal(SlotDecision.Acquired, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, first.InFlight);
        Assert.Equal(1, second.InFlight);
    }

    /// <summary>With no queue, a call that finds no slot leased yet asks for one at once rather than being refused.</summary>
    [Fact]
    public async Task WithoutAQueue_TheFirstCallGetsASlot_AndTheNextIsRefused()
    {
        var slots = (await NodeAsync()).Slots("tool:t/y", new ConcurrencySettings(1, 0, TimeSpan.FromSeconds(1)));
        Assert.Equal(SlotDecision.Acquired, await slots.AcquireAsync(default));
        Assert.Equal(SlotDecision.QueueFull, await slots.AcquireAsync(default));
        slots.Release();
        Assert.Equal(SlotDecision.Acquired, await slots.AcquireAsync(default));
    }

    /// <summary>
    /// A node that dies holding every slot of a cap (its lease would hold them for 30 s): the node that marks it dead
    /// ends its leases by its id, and the waiting call of a live node gets a slot.
    /// </summary>
    [Fact]
    public async Task RecoveringADeadNode_EndsItsLeases_AndFreesItsSlots()
    {
        var settings = new ConcurrencySettings(1, 10, TimeSpan.FromSeconds(60));
        var dying = await NodeAsync();
        var survivor = await NodeAsync();
        Assert.NotEqual(dying.NodeId, survivor.NodeId);
        Assert.Equal(SlotDecision.Acquired, await dying.Slots("tool:t/z", settings).AcquireAsync(default));
        var waiting = survivor.Slots("tool:t/z", settings).AcquireAsync(default).AsTask();

        await survivor.RecoverNodeAsync(dying.NodeId, default);

        Assert.Equal(SlotDecision.Acquired, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TheNodeIdGiven_IsTheOneInTheLeaseRows()
    {
        var database = await _fixture.OpenDatabaseAsync();
        var engine = _fixture.Track(new PostgresAdmissionEngine(
            database.DataSource, TimeProvider.System, new PostgresAdmissionOptions { LeaseTime = TimeSpan.FromSeconds(30) }, NullLogger.Instance, "node-7"));
        Assert.Equal("node-7", engine.NodeId);
        Assert.Equal(SlotDecision.Acquired, await engine.Slots("tool:t/w", new ConcurrencySettings(1, 0, TimeSpan.FromSeconds(1))).AcquireAsync(default));

        await using var command = database.DataSource.CreateCommand("SELECT node FROM admission_slot_leases WHERE key = 'tool:t/w'");
        Assert.Equal("node-7", await command.ExecuteScalarAsync());
    }
}
