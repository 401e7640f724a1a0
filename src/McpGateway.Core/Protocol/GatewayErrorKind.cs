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
    PayloadTooLarge,
    UnsupportedMediaType,
    BackendUnavailable,
    BackendTimeout,
    BackendError,
    Cancelled,
    Internal,
}
