namespace McpGateway.Core.Traffic;

/// <summary>
/// When a circuit breaker opens and for how long: after <see cref="ConsecutiveFailures"/> failures in a row, or when at
/// least <see cref="MinimumCalls"/> calls in the last <see cref="Window"/> failed in a proportion of
/// <see cref="FailureRatio"/> or more. It stays open for <see cref="BreakDuration"/>, then lets one probe through.
/// </summary>
public sealed record BreakerSettings
{
    public static BreakerSettings Default { get; } = new();

    /// <summary>Whether there is a breaker at all.</summary>
    public bool Enabled { get; init; } = true;

    public int ConsecutiveFailures { get; init; } = 5;

    public double FailureRatio { get; init; } = 0.5;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    public int MinimumCalls { get; init; } = 10;

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}
