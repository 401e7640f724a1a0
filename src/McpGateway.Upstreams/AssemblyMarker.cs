namespace McpGateway.Upstreams;
internal static class AssemblyMarker { }
