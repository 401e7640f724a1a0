namespace McpGateway.Core.Traffic;

/// <summary>A concurrency cap: at most <see cref="MaxConcurrency"/> calls in flight; up to <see cref="QueueLength"/> more wait
/// for a slot, each at most <see cref="QueueTimeout"/>; beyond that a call is refused.</summary>
public sealed record ConcurrencySettings(int MaxConcurrency, int QueueLength, TimeSpan QueueTimeout)
{
    public const int DefaultQueueLength = 100;

    public static readonly TimeSpan DefaultQueueTimeout = TimeSpan.FromSeconds(10);
}
