using McpGateway.Core.Registry;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IToolRegistry"/> engine must do. A subclass per engine supplies fresh, empty storage for each
/// test (xUnit creates one instance per test) and <see cref="CreateRegistryAsync"/>.
/// </summary>
public abstract class ToolRegistryContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly RegistryKey Hello = new("hello", null);
    private static readonly RegistryKey Echo = new("hello", "echo");
    private static readonly RegistryKey Sum = new("hello", "sum");

    /// <summary>The clock every registry of the test must use.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>A new registry instance over this test's storage: a second call is like a restarted node, or another node.</summary>
    protected abstract Task<IToolRegistry> CreateRegistryAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Sync_EmptyStore_AddsEveryEntryInDeclaredOrder()
    {
        var registry = await CreateRegistryAsync();

        var result = await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1"), Entry(Sum, "s1")], default);

        Assert.Equal(
            [new(Hello, RegistryChange.Added, "b1", Start), new(Echo, RegistryChange.Added, "e1", Start), new(Sum, RegistryChange.Added, "s1", Start)],
            result.Changes);
        Assert.Equal(
            [new(Hello, true, "b1", Start, Start), new(Echo, true, "e1", Start, Start), new(Sum, true, "s1", Start, Start)],
            await registry.ListAsync(default));
    }

    [Fact]
    public async Task Sync_SameEntriesAgain_ReportsNoChange()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default);
        Time.Advance(TimeSpan.FromMinutes(1));

        var result = await registry.SyncAsync([Entry(Echo, "e1"), Entry(Hello, "b1")], default);

        Assert.Empty(result.Changes);
        Assert.All(await registry.ListAsync(default), r => Assert.Equal(Start, r.LastChanged));
    }

    [Fact]
    public async Task Sync_EntryNoLongerDeclared_IsDeactivatedNotDeleted()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1"), Entry(Sum, "s1")], default);
        Time.Advance(TimeSpan.FromMinutes(5));

        var result = await registry.SyncAsync([Entry(Hello, "b1")], default);

        var later = Start.AddMinutes(5);
        Assert.Equal([new(Echo, RegistryChange.Deactivated, "e1", later), new(Sum, RegistryChange.Deactivated, "s1", later)], result.Changes);
        Assert.Equal(
            [new(Hello, true, "b1", Start, Start), new(Echo, false, "e1", Start, later), new(Sum, false, "s1", Start, later)],
            await registry.ListAsync(default));
    }

    [Fact]
    public async Task Sync_InactiveEntryStillMissing_ReportsNoChange()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default);
        await registry.SyncAsync([Entry(Hello, "b1")], default);

        var result = await registry.SyncAsync([Entry(Hello, "b1")], default);

        Assert.Empty(result.Changes);
    }

    [Fact]
    public async Task Sync_EntryDeclaredAgain_IsReactivatedWithItsNewDigest()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default);
        await registry.SyncAsync([Entry(Hello, "b1")], default);
        Time.Advance(TimeSpan.FromHours(1));

        var result = await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e2")], default);

        var later = Start.AddHours(1);
        Assert.Equal([new(Echo, RegistryChange.Reactivated, "e2", later)], result.Changes);
        Assert.Contains(new RegistryRecord(Echo, true, "e2", Start, later), await registry.ListAsync(default));
    }

    [Fact]
    public async Task Sync_DigestDiffers_ReportsChangedAndKeepsFirstSeen()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default);
        Time.Advance(TimeSpan.FromSeconds(30));

        var result = await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e2")], default);

        var later = Start.AddSeconds(30);
        Assert.Equal([new(Echo, RegistryChange.Changed, "e2", later)], result.Changes);
        Assert.Contains(new RegistryRecord(Echo, true, "e2", Start, later), await registry.ListAsync(default));
    }

    [Fact]
    public async Task History_KeepsEveryChangeOldestFirst()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Echo, "e1")], default);
        Time.Advance(TimeSpan.FromMinutes(1));
        await registry.SyncAsync([Entry(Echo, "e2")], default);
        Time.Advance(TimeSpan.FromMinutes(1));
        await registry.SyncAsync([], default);
        Time.Advance(TimeSpan.FromMinutes(1));
        await registry.SyncAsync([Entry(Echo, "e2")], default);

        var history = await registry.HistoryAsync(Echo, default);

        Assert.Equal(
            [
                new(Echo, RegistryChange.Added, "e1", Start),
                new(Echo, RegistryChange.Changed, "e2", Start.AddMinutes(1)),
                new(Echo, RegistryChange.Deactivated, "e2", Start.AddMinutes(2)),
                new(Echo, RegistryChange.Reactivated, "e2", Start.AddMinutes(3)),
            ],
            history);
    }

    [Fact]
    public async Task History_BackendAndItsToolsAreSeparateEntries()
    {
        var registry = await CreateRegistryAsync();
        await registry.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default);

        Assert.Equal([new(Hello, RegistryChange.Added, "b1", Start)], await registry.HistoryAsync(Hello, default));
        Assert.Equal([new(Echo, RegistryChange.Added, "e1", Start)], await registry.HistoryAsync(Echo, default));
        Assert.Empty(await registry.HistoryAsync(new RegistryKey("other", null), default));
    }

    [Fact]
    public async Task Sync_SameKeyDeclaredTwice_Throws()
    {
        var registry = await CreateRegistryAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => registry.SyncAsync([Entry(Echo, "e1"), Entry(Echo, "e2")], default));
        Assert.Empty(await registry.ListAsync(default));
    }

    [Fact]
    public async Task NewInstance_SeesPersistedEntriesAndHistory()
    {
        var first = await CreateRegistryAsync();
        await first.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default);
        await first.SyncAsync([Entry(Hello, "b1")], default);

        var second = await CreateRegistryAsync();

        Assert.Equal(await first.ListAsync(default), await second.ListAsync(default));
        Assert.Equal(2, (await second.HistoryAsync(Echo, default)).Count);
        Assert.Equal([new(Echo, RegistryChange.Reactivated, "e1", Start)], (await second.SyncAsync([Entry(Hello, "b1"), Entry(Echo, "e1")], default)).Changes);
    }

    [Fact]
    public async Task Sync_ConcurrentlyFromTwoInstances_NeitherFailsAndHistoryMatchesState()
    {
        var registries = new[] { await CreateRegistryAsync(), await CreateRegistryAsync() };
        RegistryEntry[][] declarations =
        [
            [Entry(Hello, "b1"), Entry(Echo, "e1")],
            [Entry(Hello, "b1"), Entry(Sum, "s1")],
            [Entry(Hello, "b2"), Entry(Echo, "e1"), Entry(Sum, "s2")],
        ];

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Task.Run(() => registries[i % 2].SyncAsync(declarations[i % 3], default))));

        foreach (var record in await registries[0].ListAsync(default))
        {
            var last = (await registries[1].HistoryAsync(record.Key, default))[^1];
            Assert.Equal(record.Active, last.Change != RegistryChange.Deactivated);
            Assert.Equal(record.SettingsDigest, last.SettingsDigest);
        }
    }

    private static RegistryEntry Entry(RegistryKey key, string digest) => new(key, digest);
}
