using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>Whether a failed attempt may be run again, and with what error a job fails when it may not.</summary>
public static class JobFailure
{
    /// <summary>Refusals that another attempt would meet again.</summary>
    private static readonly HashSet<GatewayErrorKind> Permanent =
    [
        GatewayErrorKind.Unauthenticated, GatewayErrorKind.Forbidden, GatewayErrorKind.InvalidParams, GatewayErrorKind.InvalidRequest,
        GatewayErrorKind.OutOfScope, GatewayErrorKind.MethodNotFound, GatewayErrorKind.PayloadTooLarge, GatewayErrorKind.Internal,
    ];

    public static (GatewayError Error, bool Retryable) Classify(GatewayError error, bool dispatched, bool idempotent)
    {
        if (error.Undelivered || !dispatched)
        {
            // The backend never had the call: any transient refusal (backend down, rate limit, breaker) may be retried.
            return (error, !Permanent.Contains(error.Kind));
        }

        if (error.Kind is GatewayErrorKind.BackendUnavailable or GatewayErrorKind.BackendTimeout)
        {
            return idempotent
                ? (error, true)
                : (JobLifecycle.OutcomeUnknown($"the call failed ({error.Message})"), false);
        }

        // The backend answered (an error of its own), or the call was cancelled: final.
        return (error, false);
    }
}
