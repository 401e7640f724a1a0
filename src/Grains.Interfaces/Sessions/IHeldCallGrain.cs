using Orleans.Concurrency;
using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// Where a call held for a 2026-07-28 client's next round waits (key: the call's <c>requestState</c> token): the node
/// holding it registers its <see cref="ISessionObserver"/>; a retry posted to any node is passed to that node, which
/// runs the round and returns what the client gets. Registrations live in memory and are renewed by their node, so a
/// grain activated again elsewhere learns its holder back; a holder on a silo declared dead is forgotten.
/// </summary>
[Alias("mcpgw.IHeldCallGrain")]
public interface IHeldCallGrain : IGrainWithStringKey
{
    /// <summary>The node of <paramref name="observer"/> (on <paramref name="silo"/>) holds the call; again at each keep-alive.</summary>
    [Alias("Hold")]
    [AlwaysInterleave]
    Task HoldAsync(ISessionObserver observer, SiloAddress silo);

    /// <summary>The call ended on the node of <paramref name="observer"/>.</summary>
    [Alias("Release")]
    [AlwaysInterleave]
    Task ReleaseAsync(ISessionObserver observer);

    /// <summary>
    /// Runs the round of a retry (<paramref name="retry"/>: JSON with the method, params and caller) on the holder's node:
    /// its answer (JSON), or null when no live node holds the call. Rounds of one call run one at a time. A round waits
    /// at most as long as the backend's call may run, so the grain call's timeout is long; the caller bounds it.
    /// </summary>
    [Alias("Resume")]
    [ResponseTimeout("01:00:00")]
    Task<string?> ResumeAsync(string retry);
}
