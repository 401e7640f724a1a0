namespace McpGateway.JsonSchema;
internal static class AssemblyMarker { }
