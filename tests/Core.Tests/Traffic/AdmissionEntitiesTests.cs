using System.Collections.Concurrent;
using McpGateway.Core.Traffic;

namespace McpGateway.Core.Tests.Traffic;

/// <summary>An engine's entity per key stays while its settings stay; other settings (a reloaded file) replace it once.</summary>
public sealed class AdmissionEntitiesTests
{
    private readonly ConcurrentDictionary<string, TokenBucket> _entities = new(StringComparer.Ordinal);

    private TokenBucket Get(RateLimit limit) =>
        AdmissionEntities.Get(_entities, "tool:a/x", limit, static bucket => bucket.Limit, static (_, state) => new TokenBucket(state.Settings, state.State), TimeProvider.System);

    [Fact]
    public void SameSettings_GiveTheSameEntity_OtherSettingsReplaceIt()
    {
        var first = Get(new RateLimit(60, 5));
        Assert.True(first.TryTake().Admitted);

        Assert.Same(first, Get(new RateLimit(60, 5)));
        var raised = Get(new RateLimit(120, 10));
        Assert.NotSame(first, raised);
        Assert.Equal((120.0, 10), (raised.Limit.PerMinute, raised.Limit.Burst));
        Assert.Same(raised, _entities["tool:a/x"]);
        Assert.Same(raised, Get(new RateLimit(120, 10)));
    }

    [Fact]
    public async Task ManyCallersAskingForNewSettingsAtOnce_GetOneEntity()
    {
        Get(new RateLimit(60, 5));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return Get(new RateLimit(30, 3));
        })).ToList();
        start.SetResult();

        var got = await Task.WhenAll(callers);
        Assert.Single(got.Distinct());
        Assert.Same(got[0], _entities["tool:a/x"]);
    }
}
