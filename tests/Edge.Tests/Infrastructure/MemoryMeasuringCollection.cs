namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// Tests that measure this process's managed heap (a gateway's memory under load) run alone, after the parallel ones:
/// other tests' gateways would otherwise count in what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "Memory measuring";
}
