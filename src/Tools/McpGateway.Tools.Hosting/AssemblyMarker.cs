namespace McpGateway.Tools.Hosting;
internal static class AssemblyMarker { }
