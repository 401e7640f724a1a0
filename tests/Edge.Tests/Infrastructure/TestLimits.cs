namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>Limits for tests that are not about limits.</summary>
public static class TestLimits
{
    /// <summary>A per-minute rate (and so burst) no test reaches.</summary>
    public const string Unlimited = "1000000000";
}
