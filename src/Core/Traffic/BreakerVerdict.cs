using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Traffic;

/// <summary>What a finished call tells a circuit breaker about its backend.</summary>
public enum BreakerVerdict
{
    /// <summary>The backend answered (a result, a tool error or a JSON-RPC error of its own).</summary>
    Success,

    /// <summary>The backend was unreachable, failed during the call or did not answer in time.</summary>
    Failure,

    /// <summary>Nothing learned: the call never reached the backend (refused later in the pipeline) or was cancelled.</summary>
    Neutral,
}

public static class BreakerVerdicts
{
    public static BreakerVerdict Of(CallResult? result) => result switch
    {
        null => BreakerVerdict.Neutral,
        { IsSuccess: true } => BreakerVerdict.Success,
        { Error.Kind: GatewayErrorKind.BackendUnavailable or GatewayErrorKind.BackendTimeout } => BreakerVerdict.Failure,
        { Error.Kind: GatewayErrorKind.BackendError } => BreakerVerdict.Success,
        _ => BreakerVerdict.Neutral,
    };
}
