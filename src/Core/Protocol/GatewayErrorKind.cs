namespace McpGateway.Core.Protocol;

/// <summary>Why a request was not served. Each kind maps to one HTTP status and one JSON-RPC code at the edge.</summary>
public enum GatewayErrorKind
{
    ParseError,
    InvalidRequest,
    MethodNotFound,
    InvalidParams,
    UnknownTool,
    UnknownPrompt,
    UnknownResource,
    OutOfScope,
    Unauthenticated,
    Forbidden,
    /// <summary>The call is held until an admin approves it; the error's data names the approval.</summary>
    ApprovalRequired,
    PayloadTooLarge,
    UnsupportedMediaType,
    BackendUnavailable,
    BackendTimeout,
    BackendError,
    Cancelled,
    /// <summary>Over a rate limit (user quota, tool rate).</summary>
    RateLimited,
    /// <summary>A tool's concurrency cap is reached and its queue is full, or the call waited in it too long.</summary>
    ConcurrencyLimited,
    /// <summary>The tool's circuit breaker is open: its backend failed recently and is not called until it retries.</summary>
    CircuitOpen,
    UnknownJob,
    JobNotFinished,
    JobAlreadyFinished,
    JobExpired,
    JobLimitReached,
    JobOutcomeUnknown,

    /// <summary>The audit log can take no record (store and spool both failing): the call is not served.</summary>
    AuditUnavailable,

    /// <summary>The store is unreachable or restarting (a transient database failure): retry later.</summary>
    StoreUnavailable,
    Internal,

    /// <summary>The request's body did not arrive within the body-read deadline (HTTP 408).</summary>
    RequestTimeout,
}
