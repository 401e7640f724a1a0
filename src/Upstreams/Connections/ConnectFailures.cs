namespace McpGateway.Upstreams.Connections;

/// <summary>Tells a request that never left this node from one that may have reached its backend.</summary>
internal static class ConnectFailures
{
    /// <summary>
    /// Whether <paramref name="exception"/> (or one it wraps) says no connection could be made: refused or otherwise
    /// failed while connecting (<see cref="HttpRequestError.ConnectionError"/>), or not made within the handler's
    /// <c>ConnectTimeout</c> (a cancellation whose inner exception is a <see cref="TimeoutException"/>: the backends'
    /// HTTP client has no overall timeout, so only the connect timeout ends a request that way).
    /// </summary>
    public static bool NeverSent(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        OperationCanceledException { InnerException: TimeoutException } => true,
        { InnerException: { } inner } => NeverSent(inner),
        _ => false,
    };
}
