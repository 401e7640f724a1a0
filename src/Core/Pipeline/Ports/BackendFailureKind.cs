namespace McpGateway.Core.Pipeline.Ports;

/// <summary>The kinds of <see cref="BackendFailure"/>, each with one <see cref="Protocol.GatewayErrorKind"/>.</summary>
public enum BackendFailureKind
{
    /// <summary>
    /// No answer could be had: the backend is not configured, cannot be connected (or is in its reconnect backoff), its
    /// connection broke, or it answered HTTP 5xx without a JSON-RPC response. <c>BackendUnavailable</c>.
    /// </summary>
    Unreachable,

    /// <summary>The backend did not answer within its (or the tool's) timeout. <c>BackendTimeout</c>.</summary>
    Timeout,

    /// <summary>
    /// The backend answered with a JSON-RPC error (its code and data are relayed), or refused what the gateway asked of
    /// it; also a client's error answer to a request the backend needed it to answer. <c>BackendError</c>.
    /// </summary>
    Error,

    /// <summary>
    /// The backend's answer broke the protocol: no JSON-RPC response, input requests that say nothing, more rounds of
    /// them than allowed. <c>BackendError</c>.
    /// </summary>
    Protocol,

    /// <summary>The call's params name nothing the connector holds (a <c>requestState</c> no call waits under). <c>InvalidParams</c>.</summary>
    InvalidParams,
}
