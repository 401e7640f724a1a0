namespace McpGateway.Silo;

/// <summary>Marks the assembly of the silo configuration.</summary>
public static class SiloAssembly;
