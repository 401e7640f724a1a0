using McpGateway.Core.Audit;

namespace McpGateway.Storage.Tests.Contracts;

/// <summary>
/// What every <see cref="IAuditStore"/> engine must do: keep every field, never duplicate an event id, chain every
/// record so that <see cref="AuditVerifier"/> finds any edit, deletion or reordering, refuse updates and deletes,
/// filter and page, and purge old records without breaking the chain. A subclass per engine supplies fresh storage
/// per test and a way to run SQL the product never runs (a tamperer's, with the guards off).
/// </summary>
public abstract class AuditStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly AuditHasher Hasher = new();

    protected abstract Task<IAuditStore> CreateStoreAsync();

    /// <summary>Runs SQL as the product's own connection would (guards on).</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>Runs SQL with the append-only guards switched off: what someone with raw database access could do.</summary>
    protected abstract Task TamperAsync(string sql);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    public static AuditRecord Record(int i, string user = "alice", string name = "hello.echo", DateTimeOffset? time = null) => new()
    {
        EventId = $"{i:x32}",
        Time = time ?? Start.AddSeconds(i),
        RequestId = $"req-{i}",
        CorrelationId = $"corr-{i}",
        TraceId = i % 2 == 0 ? "4bf92f3577b34da6a3ce929d0e0e4736" : null,
        UserId = user,
        Tenant = i % 3 == 0 ? null : "acme",
        Roles = i % 2 == 0 ? ["admin", "developer"] : [],
        Client = "test-client/1.0 ü",
        Endpoint = "mcp",
        Scope = i % 2 == 0 ? "hello" : null,
        Method = "tools/call",
        Name = name,
        Backend = "hello",
        Decision = i % 5 == 0 ? "deny" : "allow",
        RuleId = "roles.admin.tools:*",
        PolicyVersion = "p1",
        Outcome = i % 5 == 0 ? "error" : i % 7 == 0 ? "tool_error" : "success",
        ErrorKind = i % 5 == 0 ? "Forbidden" : null,
        Reason = i % 10 == 0 ? "tool_rate" : null,
        LatencyMs = 1.234 + i,
        RequestBytes = 100 + i,
        ResponseBytes = 200 + i,
        ArgumentsDigest = "ab" + new string('0', 62),
        Arguments = i % 4 == 0 ? """{"message":"hi"}""" : null,
    };

    protected static List<AuditRecord> Records(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => Record(i)).ToList();

    private static async Task<AuditVerification> VerifyAsync(IAuditStore store) => await new AuditVerifier(Hasher).VerifyAsync(store, default);

    private static async Task<List<AuditEntry>> ChainAsync(IAuditStore store, string chain)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in store.ReadChainAsync(chain, default))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public async Task Append_ThenRead_ReturnsEveryFieldInOrder()
    {
        var store = await CreateStoreAsync();
        var records = Records(1, 8);

        Assert.Equal(8, await store.AppendAsync("n1", records, Hasher, default));

        var chain = await ChainAsync(await CreateStoreAsync(), "n1");
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), chain.Select(e => e.Sequence));
        for (var i = 0; i < records.Count; i++)
        {
            AssertSameRecord(records[i], chain[i].Record);
        }

        Assert.Equal(AuditChainState.Genesis, chain[0].PreviousHash);
        Assert.All(chain.Skip(1), (e, i) => Assert.Equal(chain[i].Hash, e.PreviousHash));
    }

    [Fact]
    public async Task Append_SameEventIdsAgain_StoresEachOnce()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 5), Hasher, default);

        var appended = await store.AppendAsync("n1", [.. Records(4, 7), Record(7)], Hasher, default);

        Assert.Equal(2, appended);
        var chain = await ChainAsync(store, "n1");
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"{i:x32}"), chain.Select(e => e.Record.EventId));
        Assert.True((await VerifyAsync(store)).IsIntact);
    }

    [Fact]
    public async Task Append_ConcurrentWritersOnOneChain_KeepOneUnbrokenChain()
    {
        var store = await CreateStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var other = await CreateStoreAsync();
            for (var b = 0; b < 5; b++)
            {
                await other.AppendAsync("n1", Records((w * 100) + (b * 10) + 1, (w * 100) + (b * 10) + 10), Hasher, default);
            }
        })));

        var verification = await VerifyAsync(store);
        Assert.True(verification.IsIntact, string.Join("\n", verification.Problems));
        Assert.Equal(400, verification.Records);
        Assert.Equal(400, (await store.GetChainsAsync(default)).Single().HeadSequence);
    }

    [Fact]
    public async Task Verify_ChainsOfSeveralNodes_AreIntact()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 3), Hasher, default);
        await store.AppendAsync("n2", Records(4, 9), Hasher, default);
        await store.AppendAsync("n1", Records(10, 11), Hasher, default);

        var verification = await VerifyAsync(store);

        Assert.True(verification.IsIntact, string.Join("\n", verification.Problems));
        Assert.Equal((2, 11L), (verification.Chains, verification.Records));
    }

    [Fact]
    public async Task Update_IsRefused()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 3), Hasher, default);

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("UPDATE audit_log SET user_id = 'mallory' WHERE seq = 2"));

        Assert.Equal("alice", (await ChainAsync(store, "n1"))[1].Record.UserId);
    }

    [Fact]
    public async Task Delete_IsRefused()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 3), Hasher, default);

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("DELETE FROM audit_log WHERE seq = 2"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("UPDATE audit_chains SET head_seq = 1"));

        Assert.Equal(3, (await ChainAsync(store, "n1")).Count);
    }

    [Fact]
    public async Task Verify_EditedRecord_IsReportedWithItsSequence()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 6), Hasher, default);

        await TamperAsync("UPDATE audit_log SET outcome = 'success', error_kind = NULL WHERE chain = 'n1' AND seq = 5");

        var problem = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal((AuditProblemKind.Edited, 5L, $"{5:x32}"), (problem.Kind, problem.Sequence, problem.EventId));
    }

    [Fact]
    public async Task Verify_DeletedRecord_IsReportedAsMissing()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 6), Hasher, default);

        await TamperAsync("DELETE FROM audit_log WHERE chain = 'n1' AND seq = 3");

        var problem = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal((AuditProblemKind.Missing, 3L), (problem.Kind, problem.Sequence));
    }

    [Fact]
    public async Task Verify_DeletedLastRecords_AreReportedAsMissing()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 6), Hasher, default);

        await TamperAsync("DELETE FROM audit_log WHERE chain = 'n1' AND seq >= 5");

        var problem = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal((AuditProblemKind.Missing, 5L), (problem.Kind, problem.Sequence));
        Assert.Contains("5 to 6", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SwappedRecords_AreReportedAsReordered()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 6), Hasher, default);

        await TamperAsync("UPDATE audit_log SET seq = -2 WHERE chain = 'n1' AND seq = 2");
        await TamperAsync("UPDATE audit_log SET seq = 2 WHERE chain = 'n1' AND seq = 4");
        await TamperAsync("UPDATE audit_log SET seq = 4 WHERE chain = 'n1' AND seq = -2");

        var problems = (await VerifyAsync(store)).Problems;
        Assert.Equal(
            [(AuditProblemKind.Reordered, 2L, $"{4:x32}"), (AuditProblemKind.Reordered, 4L, $"{2:x32}")],
            problems.Select(p => (p.Kind, p.Sequence, p.EventId)));
    }

    [Fact]
    public async Task Verify_RecordRechainedOntoAnotherPredecessor_IsReportedAsUnlinked()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 4), Hasher, default);

        // Self-consistent on its own (its hash fits its fields), but written after something that is not record 1.
        var forged = Hasher.Seal("n1", 1, "f" + new string('0', 63), [Record(2)]).Single();
        await TamperAsync($"UPDATE audit_log SET prev_hash = '{forged.PreviousHash}', hash = '{forged.Hash}' WHERE chain = 'n1' AND seq = 2");

        var problem = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal((AuditProblemKind.Unlinked, 2L, $"{2:x32}"), (problem.Kind, problem.Sequence, problem.EventId));
    }

    [Fact]
    public async Task Query_FiltersAndPagesNewestFirst()
    {
        var store = await CreateStoreAsync();
        var records = Enumerable.Range(1, 30).Select(i => Record(i, user: i % 2 == 0 ? "bob" : "alice", name: i % 3 == 0 ? "hello.sum" : "hello.echo")).ToList();
        await store.AppendAsync("n1", records[..15], Hasher, default);
        await store.AppendAsync("n2", records[15..], Hasher, default);

        var seen = new List<string>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(new AuditQuery { UserId = "bob", BeforeId = cursor, Limit = 4 }, default);
            seen.AddRange(page.Entries.Select(e => e.Record.EventId));
            cursor = page.NextBeforeId;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(records.Where(r => r.UserId == "bob").Select(r => r.EventId).Reverse(), seen);
        Assert.Equal(4, pages);

        var sums = await store.QueryAsync(new AuditQuery { Name = "hello.sum", Decision = "deny", Outcome = "error" }, default);
        Assert.Equal([$"{30:x32}", $"{15:x32}"], sums.Entries.Select(e => e.Record.EventId));
        Assert.Null(sums.NextBeforeId);

        var window = await store.QueryAsync(new AuditQuery { From = Start.AddSeconds(10), To = Start.AddSeconds(13) }, default);
        Assert.Equal([$"{12:x32}", $"{11:x32}", $"{10:x32}"], window.Entries.Select(e => e.Record.EventId));
    }

    [Fact]
    public async Task Purge_RemovesTheOldPrefix_AndTheRestStillVerifies()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 10), Hasher, default);

        // Record 8 is old, but 7 is not: the purge stops at 7 and never leaves a hole.
        await store.AppendAsync("n2", [Record(20, time: Start), Record(21, time: Start.AddHours(1)), Record(22, time: Start)], Hasher, default);

        var removed = await store.PurgeAsync(Start.AddSeconds(6), default);

        Assert.Equal(6, removed);
        Assert.Equal(Enumerable.Range(6, 5).Select(i => (long)i), (await ChainAsync(store, "n1")).Select(e => e.Sequence));
        Assert.Equal([2L, 3L], (await ChainAsync(store, "n2")).Select(e => e.Sequence));
        var verification = await VerifyAsync(store);
        Assert.True(verification.IsIntact, string.Join("\n", verification.Problems));
        Assert.Equal(7, verification.Records);

        await store.AppendAsync("n1", Records(11, 12), Hasher, default);
        Assert.Equal(0, await store.PurgeAsync(Start.AddSeconds(6), default));
        Assert.True((await VerifyAsync(store)).IsIntact);
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("DELETE FROM audit_log WHERE chain = 'n1' AND seq = 6"));
    }

    [Fact]
    public async Task Verify_DeletingTheFirstRecordsAfterAPurge_IsReported()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync("n1", Records(1, 10), Hasher, default);
        await store.PurgeAsync(Start.AddSeconds(4), default);

        await TamperAsync("DELETE FROM audit_log WHERE chain = 'n1' AND seq = 4");

        var problem = Assert.Single((await VerifyAsync(store)).Problems);
        Assert.Equal((AuditProblemKind.Missing, 4L), (problem.Kind, problem.Sequence));
    }

    private static void AssertSameRecord(AuditRecord expected, AuditRecord actual)
    {
        Assert.Equal(expected.Roles, actual.Roles);
        Assert.Equal(expected.Normalized() with { Roles = actual.Roles }, actual);
    }
}
