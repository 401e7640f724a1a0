using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace McpGateway.Grains.Sessions;

/// <summary>
/// Passes the retries of a held call to the node holding it (see <see cref="IHeldCallGrain"/>). Nothing is persisted:
/// the holder renews its registration, and a call whose holder is unknown or dead is answered null (the retry gets a
/// clear error). A holder that fails the round's call (its node died meanwhile) is forgotten.
/// </summary>
public sealed partial class HeldCallGrain(IClusterMembershipService membership, ILogger<HeldCallGrain> logger) : Grain, IHeldCallGrain
{
    private ISessionObserver? _holder;
    private SiloAddress? _holderSilo;

    public Task HoldAsync(ISessionObserver observer, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ArgumentNullException.ThrowIfNull(silo);
        _holder = observer;
        _holderSilo = silo;
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(ISessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (_holder is not null && _holder.GetGrainId() == observer.GetGrainId())
        {
            Forget();
        }

        return Task.CompletedTask;
    }

    public async Task<string?> ResumeAsync(string retry)
    {
        if (_holder is not { } holder || _holderSilo is null)
        {
            return null;
        }

        if (membership.CurrentSnapshot.GetSiloStatus(_holderSilo) == SiloStatus.Dead)
        {
            LogHolderDead(_holderSilo.ToString());
            Forget();
            return null;
        }

        try
        {
            var answer = await holder.ResumeHeldAsync(this.GetPrimaryKeyString(), retry);
            if (answer is null)
            {
                Forget();
            }

            return answer;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogHolderUnreachable(exception, _holderSilo.ToString());
            Forget();
            return null;
        }
    }

    private void Forget()
    {
        _holder = null;
        _holderSilo = null;
        DeactivateOnIdle();
    }

    [LoggerMessage(EventId = 8301, Level = LogLevel.Information, Message = "Held call: its node (silo {Silo}) was declared dead; the call is lost")]
    private partial void LogHolderDead(string silo);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Warning, Message = "Held call: the node holding it (silo {Silo}) did not run a retry's round; the call counts as lost")]
    private partial void LogHolderUnreachable(Exception exception, string silo);
}
