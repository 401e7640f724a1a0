namespace McpGateway.Grains.Cluster;

/// <summary>
/// The latest <see cref="NodeReport"/> of one gateway node (key: its node id, which is also its silo name). Kept in
/// memory only, on the node itself (it reports first, so the activation is placed there): when the node dies its
/// report goes with it, and membership says it is dead.
/// </summary>
[Alias("mcpgw.INodeReportGrain")]
public interface INodeReportGrain : IGrainWithStringKey
{
    [Alias("Report")]
    Task ReportAsync(NodeReport report);

    /// <summary>The last report, or null when the node has not reported since this activation began.</summary>
    [Alias("Get")]
    Task<NodeReport?> GetAsync();
}
