using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Asks every registered <see cref="IAuthorizationPolicy"/>; the first refusal wins.</summary>
public sealed class AuthorizeStep(IEnumerable<IAuthorizationPolicy> policies) : GuardStep<IAuthorizationPolicy>(policies)
{
    protected override ValueTask<GatewayError?> CheckAsync(IAuthorizationPolicy guard, CallContext context) => guard.AuthorizeAsync(context);
}
