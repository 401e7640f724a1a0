using McpGateway.Core.Jobs;
using McpGateway.Storage.Postgres;
using McpGateway.Storage.Tests.Contracts;

namespace McpGateway.Storage.Tests.Postgres;

public sealed class PostgresJobStoreTests : JobStoreContractTests
{
    private readonly PostgresStorageFixture storage = new();

    /// <summary>
    /// Each store has its own connection pool, like another node on the same database; pools are kept small so that
    /// the thousand-submit test queues on them rather than exhausting the test server's connections.
    /// </summary>
    protected override async Task<IJobStore> CreateStoreAsync()
    {
        await storage.OpenDatabaseAsync();
        return new PostgresJobStore(storage.Track(new PostgresDatabase(storage.Database.ConnectionString + ";Maximum Pool Size=8;Timeout=120")));
    }

    public override async Task DisposeAsync() => await storage.DisposeAsync();

    [Fact]
    public async Task Signals_ReachEveryNode_ThroughListenNotify()
    {
        var a = storage.Track(new PostgresJobSignals(await storage.OpenDatabaseAsync()));
        var b = storage.Track(new PostgresJobSignals(await storage.OpenDatabaseAsync()));
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
}
