using System.Data.Common;
using Orleans.Runtime;

namespace McpGateway.Grains;

/// <summary>How the edge tells a grain call that could not be served from a bug.</summary>
public static class GrainCallFailures
{
    /// <summary>
    /// The grain, its silo or its storage could not be reached, or the call got no answer in Orleans' response time:
    /// a transient outage of the cluster's state, answered 503 (retry later) by the callers that translate it.
    /// </summary>
    public static bool IsOutOfReach(Exception exception) => exception is OrleansException or TimeoutException or DbException;
}
