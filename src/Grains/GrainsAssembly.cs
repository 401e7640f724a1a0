namespace McpGateway.Grains;

/// <summary>Marks the assembly of the grains.</summary>
public static class GrainsAssembly;
