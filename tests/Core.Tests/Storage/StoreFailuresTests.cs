using McpGateway.Core.Jobs;
using McpGateway.Core.Sessions;
using McpGateway.Core.Storage;
using McpGateway.Core.Traffic;

namespace McpGateway.Core.Tests.Storage;

/// <summary>Which failures the edge answers 503 "Store unavailable, retry later" (and the audit records as StoreUnavailable).</summary>
public sealed class StoreFailuresTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new SessionStoreUnavailableException("session grain", new TimeoutException()),
        new JobStoreUnavailableException("job grain", new TimeoutException()),
        new AdmissionUnavailableException("traffic grain", new TimeoutException()),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void ClusterStateOutOfReach_IsTransient(Exception exception) => Assert.True(StoreFailures.IsTransient(exception));

    [Fact]
    public void AnyOtherFailure_IsNot()
    {
        Assert.False(StoreFailures.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(StoreFailures.IsTransient(new TimeoutException("a timeout that is no store's")));
    }
}
