using McpGateway.Core.Audit;
using McpGateway.Storage.Audit;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;
using McpGateway.Storage.Tests.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Audit;

/// <summary>The batching writer over the real embedded store and the real file spool.</summary>
public sealed class AuditWriterTests : IAsyncLifetime
{
    private readonly SqliteStorageFixture _storage = new();
    private readonly AuditOptions _options = new() { Chain = "n1", DrainRetryDelay = TimeSpan.FromMilliseconds(20) };
    private FaultyAuditStore _store = null!;
    private FaultySpool _spool = null!;

    public Task InitializeAsync()
    {
        _store = new FaultyAuditStore(new SqliteAuditStore(_storage.OpenDatabase(), TimeProvider.System));
        _spool = new FaultySpool(new FileAuditSpool(Path.Combine(_storage.DataDirectory, "audit-spool")));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private AuditWriter StartWriter()
    {
        var writer = new AuditWriter(_store, _spool, _options, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        return writer;
    }

    private Task<List<string>> StoredEventIdsAsync() => _store.StoredEventIdsAsync("n1");

    [Fact]
    public async Task ConcurrentWrites_WhileACommitIsUnderWay_ShareTheNextTransaction()
    {
        await using var writer = StartWriter();
        _store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = writer.WriteAsync(AuditStoreContractTests.Record(1), default).AsTask();
        while (_store.Appends < 1)
        {
            await Task.Yield();
        }

        var rest = Enumerable.Range(2, 199).Select(i => writer.WriteAsync(AuditStoreContractTests.Record(i), default).AsTask()).ToList();
        while (writer.QueueDepth < 200)
        {
            await Task.Yield();
        }

        Assert.False(first.IsCompleted);
        _store.Gate.SetResult();
        await Task.WhenAll([first, .. rest]);

        Assert.Equal(2, _store.Appends);
        Assert.Equal(200, (await StoredEventIdsAsync()).Count);
        Assert.Equal(0, writer.QueueDepth);
    }

    [Fact]
    public async Task StoreDown_RecordsAreSpooled_ThenDrainedOnceWithoutDuplicates()
    {
        await using var writer = StartWriter();
        await writer.WriteAsync(AuditStoreContractTests.Record(1), default);
        _store.Down = true;

        await Task.WhenAll(Enumerable.Range(2, 50).Select(i => writer.WriteAsync(AuditStoreContractTests.Record(i), default).AsTask()));

        Assert.Equal(50, _spool.Records);
        Assert.True(writer.IsAvailable);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.SpoolDrained += () => drained.TrySetResult();
        _store.Down = false;
        await drained.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var ids = await StoredEventIdsAsync();
        Assert.Equal(51, ids.Count);
        Assert.Equal(51, ids.Distinct().Count());
        Assert.Equal(0, _spool.Records);
        Assert.True((await new AuditVerifier(new AuditHasher()).VerifyAsync(_store, default)).IsIntact);
    }

    [Fact]
    public async Task SpoolLeftByACrash_IsDrainedAtStart_EvenWhenPartlyStoredAlready()
    {
        var records = Enumerable.Range(1, 10).Select(i => AuditStoreContractTests.Record(i)).ToList();
        await _spool.AppendAsync(records[..6], default);
        await _spool.AppendAsync(records[6..], default);

        // The first batch had reached the store before the crash, its spool file not yet removed.
        await _store.AppendAsync("n1", records[..6], new AuditHasher(), default);
        File.WriteAllText(Path.Combine(_storage.DataDirectory, "audit-spool", "9999.tmp"), "{\"half\":");
        _spool = new FaultySpool(new FileAuditSpool(Path.Combine(_storage.DataDirectory, "audit-spool")));
        Assert.Equal(10, _spool.Records);

        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var writer = new AuditWriter(_store, _spool, _options, TimeProvider.System, NullLogger<AuditWriter>.Instance))
        {
            writer.SpoolDrained += () => drained.TrySetResult();
            writer.Start();
            await drained.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(records.Select(r => r.EventId), await StoredEventIdsAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(_storage.DataDirectory, "audit-spool")));
    }

    [Fact]
    public async Task StoreAndSpoolBothFailing_CallIsRefused_UntilAWriteSucceedsAgain()
    {
        await using var writer = StartWriter();
        _store.Down = true;
        _spool.Broken = true;

        await Assert.ThrowsAsync<AuditUnavailableException>(() => writer.WriteAsync(AuditStoreContractTests.Record(1), default).AsTask());
        Assert.False(writer.IsAvailable);

        _spool.Broken = false;
        await writer.WriteAsync(AuditStoreContractTests.Record(2), default);
        Assert.True(writer.IsAvailable);
    }

    [Fact]
    public async Task StoreAndSpoolBothFailing_TheRefusedRecordIsKept_AndWrittenByItselfOnceTheStoreIsBack()
    {
        await using var writer = StartWriter();
        _store.Down = true;
        _spool.Broken = true;
        await Assert.ThrowsAsync<AuditUnavailableException>(() => writer.WriteAsync(AuditStoreContractTests.Record(1), default).AsTask());
        Assert.Equal(1, writer.Unwritten);

        // No further call comes: the writer tries again on its own.
        _store.Down = false;
        await Eventually.UntilAsync(() => writer.Unwritten == 0 && writer.IsAvailable, "the writer to store the held record on its own");

        Assert.Equal([AuditStoreContractTests.Record(1).EventId], await StoredEventIdsAsync());
    }

    [Fact]
    public async Task UnwrittenRecords_BeyondTheQueueCapacity_RefusalsAreGivenUpFirst()
    {
        await using var writer = new AuditWriter(_store, _spool, _options with { QueueCapacity = 3, DrainRetryDelay = TimeSpan.FromMinutes(10) }, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        _store.Down = true;
        _spool.Broken = true;
        var served = AuditStoreContractTests.Record(1);
        var refusals = Enumerable.Range(2, 4).Select(i => AuditStoreContractTests.Record(i) with { Outcome = "error", ErrorKind = "AuditUnavailable" }).ToList();
        foreach (var record in (AuditRecord[])[served, .. refusals])
        {
            await Assert.ThrowsAsync<AuditUnavailableException>(() => writer.WriteAsync(record, default).AsTask());
        }

        Assert.Equal(3, writer.Unwritten);
        Assert.Equal(2, writer.Dropped);
        _store.Down = false;
        _spool.Broken = false;
        await writer.WriteAsync(AuditStoreContractTests.Record(6), default);

        Assert.Equal([served.EventId, refusals[2].EventId, refusals[3].EventId, AuditStoreContractTests.Record(6).EventId], await StoredEventIdsAsync());
    }

    [Fact]
    public async Task StoreThatHangs_TheBatchIsSpooledAfterTheTimeout_AndDrainedOnceItAnswers()
    {
        await using var writer = new AuditWriter(_store, _spool, _options with { StoreTimeout = TimeSpan.FromMilliseconds(200) }, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        _store.Hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await writer.WriteAsync(AuditStoreContractTests.Record(1), default).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _spool.Records);

        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.SpoolDrained += () => drained.TrySetResult();
        _store.Hang.SetResult();
        await drained.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([AuditStoreContractTests.Record(1).EventId], await StoredEventIdsAsync());
    }

    [Fact]
    public async Task Dispose_WritesWhatIsQueued()
    {
        var writer = StartWriter();
        _store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = Enumerable.Range(1, 20).Select(i => writer.WriteAsync(AuditStoreContractTests.Record(i), default).AsTask()).ToList();
        while (writer.QueueDepth < 20)
        {
            await Task.Yield();
        }

        var disposing = writer.DisposeAsync().AsTask();
        _store.Gate.SetResult();
        await disposing;
        await Task.WhenAll(writes);

        Assert.Equal(20, (await StoredEventIdsAsync()).Count);
        await Assert.ThrowsAsync<AuditUnavailableException>(() => writer.WriteAsync(AuditStoreContractTests.Record(21), default).AsTask());
    }
}
