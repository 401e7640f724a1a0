using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;

namespace McpGateway.Core.Jobs;

/// <summary>
/// Decides, before admit, whether a <c>tools/call</c> becomes a job: the caller asked for one, or the tool is
/// <c>long_running</c> (only backends' tools; the gateway's own always answer at once). Such a call is marked
/// <see cref="CallStage.JobSubmit"/>, so the admission gates spend its quotas and rate limits now and leave the
/// concurrency cap and the breaker to the run; the job step after validate stores it. The <c>tools.yaml</c> in force
/// decides.
/// </summary>
public sealed class JobPlanStep(ToolsConfigSource tools) : ICallStep
{
    public ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        if (context is { Kind: CallKind.ToolCall, Stage: CallStage.Direct, Job: { } intent, Target: { } target }
            && tools.Current.Backend(target.Backend) is { } backend
            && (intent.Requested || backend.Tools.GetValueOrDefault(target.OriginalName)?.LongRunning == true))
        {
            context.Stage = CallStage.JobSubmit;
        }

        return next(context);
    }
}
