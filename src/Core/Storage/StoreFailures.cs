using System.Data.Common;

namespace McpGateway.Core.Storage;

/// <summary>Which exceptions mean "the store is down or restarting" (answered 503, retried later) rather than a bug.</summary>
public static class StoreFailures
{
    /// <summary>
    /// A transient database failure (unreachable, shutting down, starting up, a broken connection), or the traffic grains
    /// out of reach when a call needed them (<see cref="Traffic.AdmissionUnavailableException"/>), a session's grain
    /// (<see cref="Sessions.SessionStoreUnavailableException"/>) or a job's (<see cref="Jobs.JobStoreUnavailableException"/>).
    /// </summary>
    public static bool IsTransient(Exception exception) =>
        exception is DbException { IsTransient: true } or Traffic.AdmissionUnavailableException or Sessions.SessionStoreUnavailableException
            or Jobs.JobStoreUnavailableException;
}
