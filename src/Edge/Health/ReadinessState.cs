namespace McpGateway.Edge.Health;

/// <summary>Whether the node has finished starting and whether it is draining.</summary>
internal sealed class ReadinessState
{
    private volatile bool _ready;
    private volatile bool _stopping;

    public bool IsReady => _ready;

    public bool IsStopping => _stopping;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _stopping = true;
}
