namespace McpGateway.Core.Jobs;

/// <summary>Where a job is in its life. Succeeded, failed, cancelled and expired are terminal.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Expired,
}

public static class JobStatusExtensions
{
    public static bool IsTerminal(this JobStatus status) => status >= JobStatus.Succeeded;

    /// <summary>The name used on the wire and in the store: <c>queued</c>, <c>running</c>, ….</summary>
    public static string Name(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Running => "running",
        JobStatus.Succeeded => "succeeded",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "cancelled",
        JobStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static JobStatus Parse(string name) => name switch
    {
        "queued" => JobStatus.Queued,
        "running" => JobStatus.Running,
        "succeeded" => JobStatus.Succeeded,
        "failed" => JobStatus.Failed,
        "cancelled" => JobStatus.Cancelled,
        "expired" => JobStatus.Expired,
        _ => throw new FormatException($"Unknown job status '{name}'"),
    };
}
