namespace McpGateway.Core.Pipeline;

public delegate ValueTask<CallResult> CallDelegate(CallContext context);

/// <summary>
/// One step of the request pipeline; <see cref="PipelineOrder"/> says where each step runs.
/// A step either answers (a rejection) or calls <paramref name="next"/> and may look at what comes back.
/// </summary>
public interface ICallStep
{
    ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next);
}
