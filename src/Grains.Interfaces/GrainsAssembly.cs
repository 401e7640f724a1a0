namespace McpGateway.Grains;

/// <summary>Marks the assembly of the grain interfaces (used to register it with Orleans' serializer).</summary>
public static class GrainsInterfacesAssembly;
