namespace McpGateway.Core.Jobs;

/// <summary>The rules jobs live by: attempts, backoff, checks, retention, caps. Immutable; read once at startup.</summary>
public sealed record JobSettings
{
    /// <summary>Attempts before a job fails for good (<c>GATEWAY_JOB_MAX_ATTEMPTS</c>).</summary>
    /// <value>3.</value>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the second attempt; doubled for each later one (<c>GATEWAY_JOB_BACKOFF_SECONDS</c>).</summary>
    /// <value>2 s.</value>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between attempts.</summary>
    /// <value>60 s.</value>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often the reminder of an unfinished job checks on it (<c>GATEWAY_JOB_CHECK_SECONDS</c>): the longest a job
    /// whose node died waits to be taken up elsewhere once the cluster declared that node dead.
    /// </summary>
    /// <value>10 s.</value>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a finished job's result is kept (<c>GATEWAY_JOB_RETENTION_SECONDS</c>); a task's <c>ttl</c> may ask for less, not more.</summary>
    /// <value>24 h.</value>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long an expired job still answers "expired" before it is purged (<c>GATEWAY_JOB_PURGE_AFTER_SECONDS</c>).</summary>
    /// <value>1 h.</value>
    public TimeSpan PurgeAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Queued and running jobs one user may have at once (<c>GATEWAY_JOB_MAX_ACTIVE_PER_USER</c>).</summary>
    /// <value>10.</value>
    public int MaxActivePerUser { get; init; } = 10;

    /// <summary>Jobs one user may have stored, finished ones included (<c>GATEWAY_JOB_MAX_STORED_PER_USER</c>).</summary>
    /// <value>1000.</value>
    public int MaxStoredPerUser { get; init; } = 1000;

    /// <summary>Largest stored result, in bytes of JSON (<c>GATEWAY_JOB_MAX_RESULT_BYTES</c>); a larger one fails the job.</summary>
    /// <value>1 MiB.</value>
    public int MaxResultBytes { get; init; } = 1024 * 1024;

    /// <summary>The polling interval suggested to clients (<c>pollInterval</c>, <c>poll_interval_ms</c>).</summary>
    /// <value>1 s.</value>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The delay before attempt <paramref name="nextAttempt"/> (2, 3, …): base, 2×base, 4×base … capped.</summary>
    public TimeSpan Backoff(int nextAttempt)
    {
        var exponent = Math.Clamp(nextAttempt - 2, 0, 20);
        var delay = BackoffBase * Math.Pow(2, exponent);
        return delay < BackoffMax ? delay : BackoffMax;
    }

    /// <summary>The retention of one job: the requested one when shorter than the maximum.</summary>
    public TimeSpan RetentionFor(TimeSpan? requested) =>
        requested is { } r && r > TimeSpan.Zero && r < Retention ? r : Retention;
}
