namespace McpGateway.Core.Traffic;

/// <summary>How a request for a concurrency slot ended.</summary>
public enum SlotDecision
{
    /// <summary>A slot is held; release it when the call ends.</summary>
    Acquired,

    /// <summary>Every slot was taken and the queue was full.</summary>
    QueueFull,

    /// <summary>The call waited in the queue for the longest allowed time.</summary>
    QueueTimeout,

    /// <summary>The caller gave up while waiting.</summary>
    Cancelled,
}
