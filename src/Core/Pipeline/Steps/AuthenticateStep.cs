using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Refuses a call that carries no authenticated caller. The edge authenticates; job execution restores the identity.</summary>
public sealed class AuthenticateStep : ICallStep
{
    public ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next) =>
        context.Caller is null
            ? ValueTask.FromResult(CallResult.Failure(new GatewayError(GatewayErrorKind.Unauthenticated, "Authentication required")))
            : next(context);
}
