using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The one mapping from a <see cref="GatewayErrorKind"/> to a JSON-RPC code and to the HTTP status used where the
/// transport itself answers (REST, and MCP transport-level failures). Codes in -32010…-32032 are the gateway's own.
/// </summary>
internal static class JsonRpcErrors
{
    // The codes of JSON-RPC 2.0 itself.
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;

    // The codes of MCP.
    public const int SessionNotFound = -32001;
    public const int ResourceNotFound = -32002;

    // The gateway's own codes (docs/errors.md).
    public const int BackendUnavailable = -32010;
    public const int BackendTimeout = -32011;
    public const int BackendError = -32012;
    public const int Cancelled = -32013;
    public const int JobLimitReached = -32014;
    public const int JobOutcomeUnknown = -32015;
    public const int AuditUnavailable = -32019;
    public const int HeaderMismatch = -32020;
    public const int MissingClientCapability = -32021;
    public const int UnsupportedProtocolVersion = -32022;
    public const int CircuitOpen = -32027;
    public const int ConcurrencyLimited = -32028;
    public const int RateLimited = -32029;
    public const int Unauthenticated = -32030;
    public const int Forbidden = -32031;
    public const int ApprovalRequired = -32032;

    /// <summary>A batch element whose answer does not fit in the batch's answer limit (<see cref="BatchAnswerWriter"/>).</summary>
    public const int BatchAnswerLimit = -32016;

    /// <summary>A legacy post refused because its session's stream is full (HTTP 503).</summary>
    public const int StreamOverloaded = -32017;

    public static int Code(GatewayError error, string? protocolVersion = null) => error.Code ?? error.Kind switch
    {
        GatewayErrorKind.ParseError => ParseError,
        GatewayErrorKind.InvalidRequest or GatewayErrorKind.PayloadTooLarge or GatewayErrorKind.UnsupportedMediaType => InvalidRequest,
        GatewayErrorKind.RequestTimeout => InvalidRequest,
        GatewayErrorKind.MethodNotFound => MethodNotFound,
        GatewayErrorKind.InvalidParams or GatewayErrorKind.UnknownTool or GatewayErrorKind.UnknownPrompt or GatewayErrorKind.OutOfScope => InvalidParams,
        // Task ids that are unknown (or another user's), expired, unfinished or finished: -32602, as the tasks specifications ask.
        GatewayErrorKind.UnknownJob or GatewayErrorKind.JobExpired or GatewayErrorKind.JobNotFinished or GatewayErrorKind.JobAlreadyFinished => InvalidParams,
        GatewayErrorKind.JobLimitReached => JobLimitReached,
        GatewayErrorKind.JobOutcomeUnknown => JobOutcomeUnknown,
        GatewayErrorKind.UnknownResource => McpRevisions.IsStateless(protocolVersion) ? InvalidParams : ResourceNotFound,
        GatewayErrorKind.BackendUnavailable => BackendUnavailable,
        GatewayErrorKind.BackendTimeout => BackendTimeout,
        GatewayErrorKind.BackendError => BackendError,
        GatewayErrorKind.Cancelled => Cancelled,
        GatewayErrorKind.CircuitOpen => CircuitOpen,
        GatewayErrorKind.ConcurrencyLimited => ConcurrencyLimited,
        GatewayErrorKind.RateLimited => RateLimited,
        GatewayErrorKind.AuditUnavailable => AuditUnavailable,
        GatewayErrorKind.Unauthenticated => Unauthenticated,
        GatewayErrorKind.Forbidden => Forbidden,
        GatewayErrorKind.ApprovalRequired => ApprovalRequired,
        _ => InternalError,
    };

    /// <summary>
    /// The HTTP status of a request-level error answering an MCP POST: 200 (the JSON-RPC error tells), except when this
    /// node can serve no call at the moment (its audit log takes no record): 503, so that clients and load balancers
    /// retry, on another node if there is one.
    /// </summary>
    public static int PostStatus(GatewayErrorKind kind) =>
        kind == GatewayErrorKind.AuditUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;

    public static int HttpStatus(GatewayErrorKind kind) => kind switch
    {
        GatewayErrorKind.ParseError or GatewayErrorKind.InvalidRequest or GatewayErrorKind.InvalidParams => StatusCodes.Status400BadRequest,
        GatewayErrorKind.MethodNotFound or GatewayErrorKind.UnknownTool or GatewayErrorKind.UnknownPrompt or GatewayErrorKind.UnknownResource => StatusCodes.Status404NotFound,
        GatewayErrorKind.OutOfScope or GatewayErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        GatewayErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        GatewayErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        GatewayErrorKind.RequestTimeout => StatusCodes.Status408RequestTimeout,
        GatewayErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        GatewayErrorKind.BackendUnavailable or GatewayErrorKind.CircuitOpen or GatewayErrorKind.ConcurrencyLimited or GatewayErrorKind.AuditUnavailable
            or GatewayErrorKind.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        GatewayErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        GatewayErrorKind.BackendTimeout => StatusCodes.Status504GatewayTimeout,
        GatewayErrorKind.BackendError => StatusCodes.Status502BadGateway,
        GatewayErrorKind.Cancelled => 499,
        GatewayErrorKind.ApprovalRequired => StatusCodes.Status428PreconditionRequired,
        GatewayErrorKind.UnknownJob => StatusCodes.Status404NotFound,
        GatewayErrorKind.JobExpired => StatusCodes.Status410Gone,
        GatewayErrorKind.JobNotFinished or GatewayErrorKind.JobAlreadyFinished => StatusCodes.Status409Conflict,
        GatewayErrorKind.JobLimitReached => StatusCodes.Status429TooManyRequests,
        GatewayErrorKind.JobOutcomeUnknown => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };
}
