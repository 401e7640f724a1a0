using Orleans.Placement;

namespace McpGateway.Grains.Cluster;

/// <summary>Holds a node's last <see cref="NodeReport"/> in memory (no state to persist: the node reports every few seconds).</summary>
[PreferLocalPlacement]
public sealed class NodeReportGrain : Grain, INodeReportGrain
{
    private NodeReport? _last;

    public Task ReportAsync(NodeReport report)
    {
        _last = report;
        return Task.CompletedTask;
    }

    public Task<NodeReport?> GetAsync() => Task.FromResult(_last);
}
