namespace McpGateway.Grains.Sessions;

/// <summary>
/// A gateway node, as its session grains reach it: one observer per node (its edge registers it with the grain of
/// every session whose stream it holds or whose calls it serves), which does on the node what a <see cref="SessionMessage"/>
/// asks. The grain bounds each call: a node that does not answer within a few seconds counts as gone.
/// </summary>
[Alias("mcpgw.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    /// <summary>Does <paramref name="message"/> for session <paramref name="sessionId"/>; false when the node holds nothing for it (any more).</summary>
    [Alias("Deliver")]
    Task<bool> DeliverAsync(string sessionId, SessionMessage message);
}
