using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// Counts one user's open sessions for the per-user cap and opens them (see <see cref="ISessionOwnerGrain"/>). The ids are persisted
/// (storage <c>grains</c>, state <c>owner</c>). At the cap, the sessions listed are asked whether they are still open
/// and those that are not are dropped before the new one is refused or admitted, so the list never outgrows the cap
/// for long.
/// </summary>
public sealed class SessionOwnerGrain(
    [PersistentState("owner", "grains")] IPersistentState<SessionOwnerState> owned) : Grain, ISessionOwnerGrain
{
    public async Task<bool> TryOpenAsync(SessionState session, int max, ISessionObserver node, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sessionId = session.Id;
        var sessions = owned.State.Sessions;
        if (sessions.Length >= max)
        {
            var open = await Task.WhenAll(sessions.Select(async id => (Id: id, Open: await GrainFactory.GetGrain<ISessionGrain>(id).IsOpenAsync())));
            sessions = [.. open.Where(s => s.Open).Select(s => s.Id)];
            if (sessions.Length >= max)
            {
                await SaveAsync(sessions);
                return false;
            }
        }

        // Listed first: a session whose owner's write failed is never open without being counted.
        await SaveAsync([.. sessions.Where(id => !string.Equals(id, sessionId, StringComparison.Ordinal)), sessionId]);
        if (!await GrainFactory.GetGrain<ISessionGrain>(sessionId).OpenAsync(session, node, silo))
        {
            throw new InvalidOperationException($"Session '{sessionId}' already exists.");
        }

        return true;
    }

    public async Task RemoveAsync(string sessionId)
    {
        if (owned.State.Sessions.Contains(sessionId, StringComparer.Ordinal))
        {
            await SaveAsync([.. owned.State.Sessions.Where(id => !string.Equals(id, sessionId, StringComparison.Ordinal))]);
        }
    }

    public Task<string[]> ListAsync() => Task.FromResult(owned.State.Sessions);

    private async Task SaveAsync(string[] sessions)
    {
        if (sessions.Length == owned.State.Sessions.Length && sessions.SequenceEqual(owned.State.Sessions, StringComparer.Ordinal))
        {
            return;
        }

        if (sessions.Length == 0)
        {
            await owned.ClearStateAsync();
            owned.State = new SessionOwnerState();
            DeactivateOnIdle();
            return;
        }

        owned.State = new SessionOwnerState { Sessions = sessions };
        await owned.WriteStateAsync();
    }
}

/// <summary>The persisted part of a <see cref="SessionOwnerGrain"/>: the ids of the user's open sessions.</summary>
public sealed class SessionOwnerState
{
    public string[] Sessions { get; set; } = [];
}
