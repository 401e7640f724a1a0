using System.Text.Json.Nodes;

namespace McpGateway.Core.Catalogue;

/// <summary>What one backend offered at its last successful discovery, as raw MCP definitions.</summary>
public sealed record BackendDiscovery(
    string Backend,
    IReadOnlyList<JsonObject> Tools,
    IReadOnlyList<JsonObject> Prompts,
    IReadOnlyList<JsonObject> Resources,
    IReadOnlyList<JsonObject> ResourceTemplates,
    bool SupportsCompletions,
    DateTimeOffset DiscoveredAt);
