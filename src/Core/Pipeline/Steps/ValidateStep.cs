using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Refuses a call whose arguments any <see cref="IArgumentValidator"/> rejects; the backend is never reached.</summary>
public sealed class ValidateStep(IEnumerable<IArgumentValidator> validators) : GuardStep<IArgumentValidator>(validators)
{
    protected override ValueTask<GatewayError?> CheckAsync(IArgumentValidator guard, CallContext context) => guard.ValidateAsync(context);
}
