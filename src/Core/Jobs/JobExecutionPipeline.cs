using McpGateway.Core.Pipeline;

namespace McpGateway.Core.Jobs;

/// <summary>The pipeline jobs run through: the direct-call pipeline without the job step (a job never becomes a job again).</summary>
public sealed record JobExecutionPipeline(CallPipeline Pipeline);
