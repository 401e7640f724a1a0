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

    /// <summary>
    /// Runs the next round of the call held here under <paramref name="token"/> with a retry posted to another node
    /// (<paramref name="retry"/>: JSON with the method, params and caller): the round's answer as JSON, or null when the
    /// call is not (any more) held here. Waits until the backend's call ends or asks again; bounded by the call's timeout.
    /// </summary>
    [Alias("ResumeHeld")]
    [ResponseTimeout("01:00:00")]
    Task<string?> ResumeHeldAsync(string token, string retry);
}
