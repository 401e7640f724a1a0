using McpGateway.Core.Cluster;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Stream ownership on the embedded engine: its one node's legacy streams die with the process, and so do their
/// sessions' subscriptions; the sessions themselves end at the next start (deleted by the stream's end, or evicted
/// when idle). Nothing to record.
/// </summary>
internal sealed class LocalStreamClaims : IStreamClaims
{
    public Task ClaimAsync(string sessionId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> EndSessionsOfAsync(string nodeId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}
