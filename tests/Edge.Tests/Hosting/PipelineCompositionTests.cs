using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The pipelines a node builds follow the one order of <see cref="PipelineOrder"/> (which docs/architecture.md quotes).</summary>
public sealed class PipelineCompositionTests
{
    [Fact]
    public async Task ANode_ComposesItsCallAndJobPipelines_InTheOneOrder()
    {
        await using var backend = await RecordingBackend.StartAsync();
        await using var gateway = await GatewayHost.StartAsync($"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n");

        // MCP calls over every transport and REST /mcp/invoke: every step, the job ones included.
        var calls = gateway.Services.GetRequiredService<CallPipeline>();
        Assert.Equal(PipelineOrder.Names.SkipLast(1), calls.Steps.Select(PipelineOrder.NameOf));

        // A job's run: the same steps but those that make a call a job.
        var jobs = gateway.Services.GetRequiredService<JobExecutionPipeline>().Pipeline;
        Assert.Equal(PipelineOrder.Names.SkipLast(1).Except(["job-plan", "job"]), jobs.Steps.Select(PipelineOrder.NameOf));
    }
}
