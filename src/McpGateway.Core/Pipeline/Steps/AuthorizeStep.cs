using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Asks every registered <see cref="IAuthorizationPolicy"/>; the first refusal wins.</summary>
public sealed class AuthorizeStep(IEnumerable<IAuthorizationPolicy> policies) : ICallStep
{
    private readonly IAuthorizationPolicy[] _policies = policies.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        foreach (var policy in _policies)
        {
            if (await policy.AuthorizeAsync(context) is { } refusal)
            {
                return CallResult.Failure(refusal);
            }
        }

        return await next(context);
    }
}
