using McpGateway.Core.Audit;
using McpGateway.Storage.Audit;
using McpGateway.Storage.Embedded;
using McpGateway.Storage.Tests.Contracts;
using McpGateway.Storage.Tests.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Audit;

/// <summary>The embedded engine's audit journal, alone and as the spool a journal-first writer writes before the real SQLite store.</summary>
public sealed class AuditJournalTests : IAsyncLifetime
{
    private readonly SqliteStorageFixture _storage = new();
    private readonly AuditOptions _options = new() { Chain = "n1", JournalFirst = true, DrainRetryDelay = TimeSpan.FromMilliseconds(20) };
    private FaultyAuditStore _store = null!;

    private string JournalPath => AuditJournal.PathIn(_storage.DataDirectory);

    public Task InitializeAsync()
    {
        _store = new FaultyAuditStore(new SqliteAuditStore(_storage.OpenDatabase(), TimeProvider.System));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    private static List<AuditRecord> Records(int from, int count) => [.. Enumerable.Range(from, count).Select(i => AuditStoreContractTests.Record(i))];

    private static string Json(AuditRecord record) => System.Text.Json.JsonSerializer.Serialize(record, AuditJson.Default.AuditRecord);

    private Task<List<string>> StoredEventIdsAsync() => _store.StoredEventIdsAsync("n1");

    [Fact]
    public async Task Batches_AreReadBackInOrder_AndTheFileIsEmptiedOnceAllAreRemoved()
    {
        using var journal = new AuditJournal(JournalPath);
        await journal.AppendAsync(Records(1, 3), default);
        await journal.AppendAsync(Records(4, 2), default);
        Assert.Equal(5, journal.Records);

        var first = await journal.PeekAsync(default);
        Assert.Equal(Records(1, 5).Select(r => r.EventId), first!.Records.Select(r => r.EventId));
        Assert.Equal(Records(1, 5).Select(Json), first.Records.Select(Json));

        await journal.AppendAsync(Records(6, 1), default);
        await journal.RemoveAsync(first, default);
        Assert.Equal(1, journal.Records);
        Assert.True(new FileInfo(JournalPath).Length > 0);

        var second = await journal.PeekAsync(default);
        Assert.Equal([AuditStoreContractTests.Record(6).EventId], second!.Records.Select(r => r.EventId));
        await journal.RemoveAsync(second, default);

        Assert.True(((IAuditSpool)journal).IsEmpty);
        Assert.Equal(0, new FileInfo(JournalPath).Length);
        Assert.Null(await journal.PeekAsync(default));
    }

    [Fact]
    public async Task ABacklogLargerThanWhatMemoryKeeps_ComesBackFromFileAndMemory_InOrderAndOnce()
    {
        using var journal = new AuditJournal(JournalPath, rotateBytes: 64 * 1024);
        const int batch = 700;
        var total = AuditJournal.MaxKeptRecords + (3 * batch);
        var drained = new List<string>();
        for (var from = 1; from <= total; from += batch)
        {
            await journal.AppendAsync(Records(from, Math.Min(batch, total - from + 1)), default);
            if (from % (5 * batch) == 1)
            {
                // Now and then the drainer takes one batch while the backlog grows (the store is slow).
                var taken = await journal.PeekAsync(default);
                await journal.RemoveAsync(taken!, default);
                drained.AddRange(taken!.Records.Select(r => r.EventId));
            }
        }

        while (await journal.PeekAsync(default) is { } next)
        {
            Assert.InRange(next.Records.Count, 1, AuditJournal.MaxBatch);
            await journal.RemoveAsync(next, default);
            drained.AddRange(next.Records.Select(r => r.EventId));
        }

        Assert.Equal(Records(1, total).Select(r => r.EventId), drained);
        Assert.True(((IAuditSpool)journal).IsEmpty);
        Assert.Equal(0, new FileInfo(JournalPath).Length);
    }

    [Fact]
    public async Task AJournalThatNeverRunsEmpty_IsRewrittenWithWhatIsNotDrained_SoItStaysBounded()
    {
        using var journal = new AuditJournal(JournalPath, rotateBytes: 4096);
        var drained = new List<string>();
        await journal.AppendAsync(Records(1, 1), default);
        for (var i = 2; i <= 200; i++)
        {
            // Steady load: a record arrives between every read and its removal, so the journal is never empty.
            var batch = await journal.PeekAsync(default);
            await journal.AppendAsync(Records(i, 1), default);
            await journal.RemoveAsync(batch!, default);
            drained.AddRange(batch!.Records.Select(r => r.EventId));
            Assert.True(new FileInfo(JournalPath).Length < 8192, $"the journal grew to {new FileInfo(JournalPath).Length} bytes");
        }

        var last = await journal.PeekAsync(default);
        drained.AddRange(last!.Records.Select(r => r.EventId));
        Assert.Equal(Records(1, 200).Select(r => r.EventId), drained);

        // The file holds what was drained since it was last rewritten (the log skips those if it is read again at a
        // start) and what is not drained yet.
        var kept = AuditJournal.ReadRecords(JournalPath).Select(r => r.EventId).ToList();
        Assert.InRange(kept.Count, 1, 20);
        Assert.Equal(AuditStoreContractTests.Record(200).EventId, kept[^1]);
    }

    [Fact]
    public async Task AJournalLeftByAKilledProcess_IsReadAgain_AndALineCutShortIsDropped()
    {
        using (var journal = new AuditJournal(JournalPath))
        {
            await journal.AppendAsync(Records(1, 4), default);
        }

        // An OS crash in the middle of a write leaves a line without its end; such a record was never acknowledged.
        await File.AppendAllTextAsync(JournalPath, "{\"event_id\":\"cut");
        Assert.Equal(4, AuditJournal.ReadRecords(JournalPath).Count);

        using var reopened = new AuditJournal(JournalPath);
        Assert.Equal(4, reopened.Records);
        var batch = await reopened.PeekAsync(default);
        Assert.Equal(Records(1, 4).Select(r => r.EventId), batch!.Records.Select(r => r.EventId));
        await reopened.AppendAsync(Records(5, 1), default);
        Assert.Equal(5, AuditJournal.ReadRecords(JournalPath).Count);
    }

    [Fact]
    public async Task JournalFirst_TheCallIsAnsweredOnceTheRecordIsJournaled_ThenTheStoreGetsIt()
    {
        using var journal = new AuditJournal(JournalPath);
        await using var writer = new AuditWriter(_store, journal, _options, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        _store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Answered while the store holds every append: the record is in the journal's file.
        await writer.WriteAsync(AuditStoreContractTests.Record(1), default).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([AuditStoreContractTests.Record(1).EventId], AuditJournal.ReadRecords(JournalPath).Select(r => r.EventId));
        Assert.Empty(await StoredEventIdsAsync());

        _store.Gate.SetResult();
        await writer.WaitUntilStoredAsync(TimeSpan.FromSeconds(30), default);
        Assert.Equal([AuditStoreContractTests.Record(1).EventId], await StoredEventIdsAsync());
        Assert.Equal(0, new FileInfo(JournalPath).Length);
        Assert.Equal(0, writer.Spooled);
    }

    [Fact]
    public async Task JournalFirst_WhileTheStoreFails_CallsAreServed_AndEveryRecordIsStoredOnceItIsBack()
    {
        using var journal = new AuditJournal(JournalPath);
        await using var writer = new AuditWriter(_store, journal, _options, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        _store.Down = true;

        await Task.WhenAll(Enumerable.Range(1, 50).Select(i => writer.WriteAsync(AuditStoreContractTests.Record(i), default).AsTask()));
        Assert.True(writer.IsAvailable);
        Assert.Equal(50, journal.Records);

        _store.Down = false;
        await writer.WaitUntilStoredAsync(TimeSpan.FromSeconds(30), default);
        var ids = await StoredEventIdsAsync();
        Assert.Equal(50, ids.Count);
        Assert.Equal(50, ids.Distinct().Count());
        Assert.True((await new AuditVerifier(new AuditHasher()).VerifyAsync(_store, default)).IsIntact);
    }

    [Fact]
    public async Task JournalFirst_Dispose_MovesWhatTheJournalHoldsIntoTheStore()
    {
        using var journal = new AuditJournal(JournalPath);
        var writer = new AuditWriter(_store, journal, _options with { DrainRetryDelay = TimeSpan.FromMinutes(10) }, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        _store.Down = true;
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => writer.WriteAsync(AuditStoreContractTests.Record(i), default).AsTask()));

        // The drainer is waiting out its retry delay; stopping drains the journal without it.
        _store.Down = false;
        await writer.DisposeAsync();

        Assert.Equal(20, (await StoredEventIdsAsync()).Count);
        Assert.True(((IAuditSpool)journal).IsEmpty);
    }

    [Fact]
    public async Task JournalFirst_AJournalLeftByACrash_IsStoredAtStart_WithoutDuplicates()
    {
        var records = Records(1, 10);
        using (var journal = new AuditJournal(JournalPath))
        {
            await journal.AppendAsync(records, default);
        }

        // Part of it had reached the store before the crash.
        await _store.AppendAsync("n1", records[..6], new AuditHasher(), default);
        using var reopened = new AuditJournal(JournalPath);
        await using (var writer = new AuditWriter(_store, reopened, _options, TimeProvider.System, NullLogger<AuditWriter>.Instance))
        {
            writer.Start();
            await writer.WaitUntilStoredAsync(TimeSpan.FromSeconds(30), default);
        }

        Assert.Equal(records.Select(r => r.EventId), await StoredEventIdsAsync());
        Assert.True(((IAuditSpool)reopened).IsEmpty);
    }
}
