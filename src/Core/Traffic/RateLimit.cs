namespace McpGateway.Core.Traffic;

/// <summary>
/// A token bucket's settings: it holds at most <see cref="Burst"/> tokens and refills at <see cref="PerMinute"/> per
/// minute. In any window of t seconds it admits at most <c>Burst + PerMinute · t / 60</c> calls.
/// </summary>
public sealed record RateLimit
{
    public RateLimit(double perMinute, int burst)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        PerMinute = perMinute;
        Burst = burst;
    }

    public double PerMinute { get; }

    public int Burst { get; }

    public double PerSecond => PerMinute / 60;

    /// <summary>The burst a limit gets when none is configured: a minute's worth, at least 1.</summary>
    public static int DefaultBurst(double perMinute) => Math.Max(1, (int)Math.Ceiling(perMinute));

    public static RateLimit PerMinuteWithDefaultBurst(double perMinute, int? burst = null) => new(perMinute, burst ?? DefaultBurst(perMinute));
}
