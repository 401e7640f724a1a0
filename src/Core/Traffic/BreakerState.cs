namespace McpGateway.Core.Traffic;

public enum BreakerState
{
    /// <summary>Calls pass; outcomes are counted.</summary>
    Closed,

    /// <summary>Every call is refused until the break is over.</summary>
    Open,

    /// <summary>The break is over: one probe call is (or may be) on its way; others are refused until it ends.</summary>
    HalfOpen,
}
