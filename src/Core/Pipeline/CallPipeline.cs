namespace McpGateway.Core.Pipeline;

/// <summary>
/// The composed pipeline: steps run outermost first, the last delegate dispatches to the backend.
/// Built once at startup (by <see cref="PipelineOrder.Compose"/>, in the pipeline's one order); invoking it allocates
/// nothing beyond what the steps do.
/// </summary>
public sealed class CallPipeline
{
    private readonly CallDelegate _entry;

    public CallPipeline(IReadOnlyList<ICallStep> steps, CallDelegate terminal)
    {
        Steps = steps;
        var next = terminal;
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i];
            var inner = next;
            next = context => step.InvokeAsync(context, inner);
        }

        _entry = next;
    }

    public IReadOnlyList<ICallStep> Steps { get; }

    public ValueTask<CallResult> InvokeAsync(CallContext context) => _entry(context);
}
