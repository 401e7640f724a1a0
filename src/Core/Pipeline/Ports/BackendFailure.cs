using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>
/// Why a request to a backend has no result, as a connector describes it; the dispatch step turns it into the call's
/// <see cref="GatewayError"/> (<see cref="ToGatewayError"/>), which the edge answers with one HTTP status and one
/// JSON-RPC code (docs/errors.md).
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">Safe for the caller: never exception text or connection details, only what the backend itself said.</param>
/// <param name="Code">The backend's own JSON-RPC code, relayed unchanged (<see cref="BackendFailureKind.Error"/>); null: the kind's.</param>
/// <param name="Data">The <c>data</c> of the backend's JSON-RPC error, relayed unchanged.</param>
public sealed record BackendFailure(BackendFailureKind Kind, string Message, int? Code = null, JsonNode? Data = null)
{
    /// <summary>
    /// True when the request certainly never reached the backend: no connection could be made (refused, or not made
    /// within the connect timeout). Carried to <see cref="GatewayError.Undelivered"/>: a job may then run again.
    /// </summary>
    public bool Undelivered { get; init; }

    public static BackendFailure Unreachable(string backend) => new(BackendFailureKind.Unreachable, $"Backend '{backend}' is unavailable");

    public static BackendFailure NotConfigured(string backend) => new(BackendFailureKind.Unreachable, $"Backend '{backend}' is not configured");

    public static BackendFailure Timeout(string backend, TimeSpan timeout) =>
        new(BackendFailureKind.Timeout, $"Backend '{backend}' did not answer within {timeout.TotalSeconds:0.###} s");

    /// <summary>The call's error: the kind's <see cref="GatewayErrorKind"/>, this message, code and data, about <paramref name="backend"/>.</summary>
    public GatewayError ToGatewayError(string backend) => new(
        Kind switch
        {
            BackendFailureKind.Unreachable => GatewayErrorKind.BackendUnavailable,
            BackendFailureKind.Timeout => GatewayErrorKind.BackendTimeout,
            BackendFailureKind.Error or BackendFailureKind.Protocol => GatewayErrorKind.BackendError,
            BackendFailureKind.InvalidParams => GatewayErrorKind.InvalidParams,
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown backend failure"),
        },
        Message,
        backend,
        Code,
        Data)
    {
        Undelivered = Undelivered,
    };
}
