namespace McpGateway.Core.Traffic;

/// <summary>
/// The authority of a concurrency cap shared by several holders (nodes): each holds a share of the slots for a time to
/// live and fills at most that many at once; the shares of unexpired leases never add up to more than the cap, so
/// neither do the calls in flight over all holders. A holder that stops renewing (a dead node) loses its share when its
/// lease expires. Not thread-safe (a grain's turns serialise it).
/// </summary>
public sealed class SlotLeases(TimeProvider time)
{
    private readonly Dictionary<string, Share> _leases = new(StringComparer.Ordinal);

    /// <summary>Slots held by unexpired leases.</summary>
    public int Held
    {
        get
        {
            Expire(time.GetUtcNow());
            return _leases.Values.Sum(l => l.Slots);
        }
    }

    /// <summary>Holders with an unexpired lease.</summary>
    public int Holders
    {
        get
        {
            Expire(time.GetUtcNow());
            return _leases.Count;
        }
    }

    /// <summary>
    /// Sets <paramref name="holder"/>'s share to <paramref name="want"/> slots, or what <paramref name="cap"/> leaves
    /// beyond the other holders' unexpired leases if less, until <paramref name="timeToLive"/> from now.
    /// </summary>
    /// <returns>The share granted (0: the holder has no lease).</returns>
    public int Lease(string holder, int cap, int want, TimeSpan timeToLive)
    {
        var now = time.GetUtcNow();
        Expire(now);
        var others = _leases.Where(l => l.Key != holder).Sum(l => l.Value.Slots);
        var granted = Math.Max(0, Math.Min(want, cap - others));
        if (granted > 0 && timeToLive > TimeSpan.Zero)
        {
            _leases[holder] = new Share(granted, now + timeToLive);
        }
        else
        {
            _leases.Remove(holder);
            granted = 0;
        }

        return granted;
    }

    /// <summary>Ends <paramref name="holder"/>'s lease at once (a node that stops).</summary>
    public void Release(string holder) => _leases.Remove(holder);

    private void Expire(DateTimeOffset now)
    {
        foreach (var (holder, lease) in _leases)
        {
            if (lease.Expires <= now)
            {
                _leases.Remove(holder);
            }
        }
    }

    private readonly record struct Share(int Slots, DateTimeOffset Expires);
}
