using Grpc.Core;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Grpc;

/// <summary>How a provider's gRPC status becomes the MCP error the client sees (table in docs/provider-contract.md).</summary>
internal static class GrpcErrors
{
    /// <summary>JSON-RPC code of a call whose deadline passed (the gateway's backend timeout code).</summary>
    public const int DeadlineExceeded = -32011;

    /// <summary>Whether the status means the provider cannot be reached: the connection is dropped.</summary>
    public static bool IsUnavailable(RpcException exception) => exception.StatusCode == StatusCode.Unavailable;

    public static JsonRpcErrorDetail ToJsonRpc(RpcException exception, string method)
    {
        var detail = exception.Status.Detail;
        var (code, message) = exception.StatusCode switch
        {
            StatusCode.InvalidArgument => ((int)McpErrorCode.InvalidParams, detail),
            StatusCode.NotFound when method == RequestMethods.ResourcesRead => ((int)McpErrorCode.ResourceNotFound, detail),
            StatusCode.NotFound => ((int)McpErrorCode.InvalidParams, detail),
            StatusCode.Unimplemented => ((int)McpErrorCode.MethodNotFound, $"The provider does not implement {method}"),
            StatusCode.PermissionDenied or StatusCode.Unauthenticated => ((int)McpErrorCode.InternalError, $"Provider refused the call ({Name(exception.StatusCode)}): {detail}"),
            StatusCode.DeadlineExceeded => (DeadlineExceeded, "The provider did not answer before the call's deadline"),
            _ => ((int)McpErrorCode.InternalError, $"Provider error ({Name(exception.StatusCode)}): {detail}"),
        };
        return new JsonRpcErrorDetail { Code = code, Message = message.Length == 0 ? Name(exception.StatusCode) : message };
    }

    /// <summary>The canonical upper-case status name (<c>NOT_FOUND</c>).</summary>
    public static string Name(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.Unknown => "UNKNOWN",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
