using Orleans.Concurrency;
using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// The open sessions of one user (key: the user id), for the per-user session cap: a session is opened through its
/// owner's grain (one opening at a time per user, so concurrent openings never pass the cap together), and leaves it
/// when it ends. Persisted, so the cap holds across restarts and silo losses;
/// sessions that ended without saying so (evicted while their owner's grain was away) are found out when the cap is
/// reached, by asking their grains.
/// </summary>
[Alias("mcpgw.ISessionOwnerGrain")]
public interface ISessionOwnerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Opens <paramref name="session"/> in its grain (see <see cref="ISessionGrain.OpenAsync"/>) unless the user holds
    /// <paramref name="max"/> open sessions already (then false, nothing stored). Throws when a session with its id exists.
    /// </summary>
    [Alias("TryOpen")]
    Task<bool> TryOpenAsync(SessionState session, int max, ISessionObserver node, SiloAddress silo);

    /// <summary>The session ended.</summary>
    [Alias("Remove")]
    [OneWay]
    Task RemoveAsync(string sessionId);

    /// <summary>The user's open sessions as this grain knows them (some may have ended without saying so yet).</summary>
    [Alias("List")]
    [ReadOnly]
    Task<string[]> ListAsync();
}
