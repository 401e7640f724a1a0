using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Runs every <see cref="IResultChecker"/> over a successful result before it is recorded and returned.</summary>
public sealed class CheckStep(IEnumerable<IResultChecker> checkers) : ICallStep
{
    private readonly IResultChecker[] _checkers = checkers.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        var result = await next(context);
        foreach (var checker in _checkers)
        {
            if (!result.IsSuccess)
            {
                break;
            }

            result = await checker.CheckAsync(context, result);
        }

        return result;
    }
}
