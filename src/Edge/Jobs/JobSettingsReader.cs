using McpGateway.Core.Jobs;

namespace McpGateway.Edge.Jobs;

/// <summary>Reads <see cref="JobSettings"/> from the <c>GATEWAY_JOB_*</c> variables.</summary>
internal static class JobSettingsReader
{
    /// <param name="number">Reads one variable as a number within bounds (collecting an error otherwise).</param>
    public static JobSettings Read(Func<string, double, double, double, double> number)
    {
        var d = new JobSettings();
        return new JobSettings
        {
            MaxAttempts = (int)number("GATEWAY_JOB_MAX_ATTEMPTS", d.MaxAttempts, 1, 100),
            BackoffBase = TimeSpan.FromSeconds(number("GATEWAY_JOB_BACKOFF_SECONDS", d.BackoffBase.TotalSeconds, 0, 3600)),
            CheckInterval = TimeSpan.FromSeconds(number("GATEWAY_JOB_CHECK_SECONDS", d.CheckInterval.TotalSeconds, 1, 3600)),
            Retention = TimeSpan.FromSeconds(number("GATEWAY_JOB_RETENTION_SECONDS", d.Retention.TotalSeconds, 1, 90 * 86400)),
            PurgeAfter = TimeSpan.FromSeconds(number("GATEWAY_JOB_PURGE_AFTER_SECONDS", d.PurgeAfter.TotalSeconds, 0, 90 * 86400)),
            MaxActivePerUser = (int)number("GATEWAY_JOB_MAX_ACTIVE_PER_USER", d.MaxActivePerUser, 1, 1_000_000),
            MaxStoredPerUser = (int)number("GATEWAY_JOB_MAX_STORED_PER_USER", d.MaxStoredPerUser, 1, 10_000_000),
            MaxResultBytes = (int)number("GATEWAY_JOB_MAX_RESULT_BYTES", d.MaxResultBytes, 1024, 1 << 30),
            PollInterval = TimeSpan.FromMilliseconds(number("GATEWAY_JOB_POLL_INTERVAL_MS", d.PollInterval.TotalMilliseconds, 50, 600_000)),
        };
    }
}
