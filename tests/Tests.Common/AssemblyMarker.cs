namespace McpGateway.Tests.Common;
internal static class AssemblyMarker { }
