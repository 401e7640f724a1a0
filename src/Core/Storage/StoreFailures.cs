using System.Data.Common;

namespace McpGateway.Core.Storage;

/// <summary>Which exceptions mean "the store is down or restarting" (answered 503, retried later) rather than a bug.</summary>
public static class StoreFailures
{
    /// <summary>A transient database failure: unreachable, shutting down, starting up, a broken connection.</summary>
    public static bool IsTransient(Exception exception) => exception is DbException { IsTransient: true };
}
