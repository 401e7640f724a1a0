using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Refuses a call whose arguments any <see cref="IArgumentValidator"/> rejects; the backend is never reached.</summary>
public sealed class ValidateStep(IEnumerable<IArgumentValidator> validators) : ICallStep
{
    private readonly IArgumentValidator[] _validators = validators.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        foreach (var validator in _validators)
        {
            if (await validator.ValidateAsync(context) is { } error)
            {
                return CallResult.Failure(error);
            }
        }

        return await next(context);
    }
}
