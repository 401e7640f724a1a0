using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hello;

/// <summary>Completions for the <c>name</c> argument of <c>hello-plan</c>.</summary>
public static class HelloCompletions
{
    public static readonly string[] Names = ["Ada", "Alan", "Alice", "Bob", "Grace", "Linus", "World"];

    private static readonly CompleteResult Empty = new() { Completion = new Completion { Values = [], Total = 0, HasMore = false } };

    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Params is not { Ref: PromptReference { Name: HelloPrompts.PlanPromptName }, Argument: { Name: "name" } argument })
        {
            return ValueTask.FromResult(Empty);
        }

        var prefix = argument.Value ?? string.Empty;
        var values = Array.FindAll(Names, n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return ValueTask.FromResult(new CompleteResult
        {
            Completion = new Completion { Values = values, Total = values.Length, HasMore = false },
        });
    }
}
