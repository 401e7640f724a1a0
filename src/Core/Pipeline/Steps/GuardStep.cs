using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>A step that asks each of its guards in turn; the first refusal answers the call, else it goes on.</summary>
public abstract class GuardStep<TGuard>(IEnumerable<TGuard> guards) : ICallStep
{
    private readonly TGuard[] _guards = guards.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        foreach (var guard in _guards)
        {
            if (await CheckAsync(guard, context) is { } refusal)
            {
                return CallResult.Failure(refusal);
            }
        }

        return await next(context);
    }

    protected abstract ValueTask<GatewayError?> CheckAsync(TGuard guard, CallContext context);
}
