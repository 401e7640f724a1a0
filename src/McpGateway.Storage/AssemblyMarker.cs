namespace McpGateway.Storage;
internal static class AssemblyMarker { }
