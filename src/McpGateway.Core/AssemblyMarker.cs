namespace McpGateway.Core;
internal static class AssemblyMarker { }
