namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// Tests that start several gateway processes at once (each with its own backend children) run alone, after the
/// parallel ones: on a small machine their start-up would otherwise starve other tests' discovery timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeveralProcessesCollection
{
    public const string Name = "Several gateway processes";
}
