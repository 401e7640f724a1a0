using McpGateway.Core.Jobs;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private readonly PostgresStorageFixture _storage = new();

    /// <summary>
    /// Each store has its own connection pool, like another node on the same database; pools are kept small so that
    /// the thousand-submit test queues on them rather than exhausting the test server's connections.
    /// </summary>
    protected override async Task<IJobStore> CreateStoreAsync()
    {
        await _storage.OpenDatabaseAsync();
        return new PostgresJobStore(_storage.Track(new PostgresDatabase(_storage.Database.ConnectionString + ";Maximum Pool Size=8;Timeout=120")));
    }

    public override async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Signals_ReachEveryNode_ThroughListenNotify()
    {
        var a = _storage.Track(new PostgresJobSignals(await _storage.OpenDatabaseAsync()));
        var b = _storage.Track(new PostgresJobSignals(await _storage.OpenDatabaseAsync()));
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changed = new TaskCompletionSource<(string, JobStatus)>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.WorkAvailable += () => woken.TrySetResult();
        b.JobChanged += (id, status) => changed.TrySetResult((id, status));
        var id = JobId.New();

        // The listener may still be connecting: signal until it hears (a lost signal is a hint missed, by design).
        while (!woken.Task.IsCompleted || !changed.Task.IsCompleted)
        {
            a.Queued();
            a.Changed(id, JobStatus.Cancelled);
            await Task.WhenAny(Task.WhenAll(woken.Task, changed.Task), Task.Delay(TimeSpan.FromMilliseconds(200)));
        }

        Assert.Equal((id, JobStatus.Cancelled), await changed.Task);
    }

    [Fact]
    public async Task Signals_ManyAtOnce_AllReachTheOtherNode()
    {
        var a = _storage.Track(new PostgresJobSignals(await _storage.OpenDatabaseAsync()));
        var b = _storage.Track(new PostgresJobSignals(await _storage.OpenDatabaseAsync()));
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.WorkAvailable += () => woken.TrySetResult();
        while (!woken.Task.IsCompleted)
        {
            a.Queued();
            await Task.WhenAny(woken.Task, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }

        // Sent in few statements (whatever accumulates while one is in flight), yet every one arrives.
        var ids = Enumerable.Range(0, 300).Select(_ => JobId.New()).ToList();
        var heard = new System.Collections.Concurrent.ConcurrentDictionary<string, JobStatus>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.JobChanged += (id, status) =>
        {
            heard[id] = status;
            if (ids.All(heard.ContainsKey))
            {
                all.TrySetResult();
            }
        };
        await Task.WhenAll(ids.Select(id => Task.Run(() => a.Changed(id, JobStatus.Succeeded))));

        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(ids, id => Assert.Equal(JobStatus.Succeeded, heard[id]));
    }
}
