using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;
using McpGateway.Upstreams;

namespace McpGateway.Edge.Mcp;

/// <summary>What the gateway says about itself in <c>initialize</c> and <c>server/discover</c>.</summary>
internal static class ServerDescription
{
    public const string Instructions =
        "McpGateway: tools, prompts and resources of several MCP servers behind one endpoint. Tool and prompt names are prefixed with their backend, e.g. hello.echo.";

    public static JsonObject ServerInfo() => new()
    {
        ["name"] = "mcpgw",
        ["title"] = "McpGateway",
        ["version"] = GatewayVersion.Current,
    };

    public static JsonObject Capabilities() => new()
    {
        ["tools"] = new JsonObject { ["listChanged"] = true },
        ["prompts"] = new JsonObject { ["listChanged"] = true },
        ["resources"] = new JsonObject { ["listChanged"] = true, ["subscribe"] = true },
        ["completions"] = new JsonObject(),
        ["logging"] = new JsonObject(),
    };

    /// <summary>Session revisions: task-augmented <c>tools/call</c> (2025-11-25); the stateless revision: the tasks extension.</summary>
    private static JsonObject Capabilities(string protocolVersion)
    {
        var capabilities = Capabilities();
        if (protocolVersion == McpRevisions.V2025_11_25)
        {
            capabilities["tasks"] = new JsonObject
            {
                ["list"] = new JsonObject(),
                ["cancel"] = new JsonObject(),
                ["requests"] = new JsonObject { ["tools"] = new JsonObject { ["call"] = new JsonObject() } },
            };
        }
        else if (McpRevisions.IsStateless(protocolVersion))
        {
            capabilities["extensions"] = new JsonObject { [Jobs.McpTasks.Extension] = new JsonObject() };
        }

        return capabilities;
    }

    public static JsonObject InitializeResult(string protocolVersion) => new()
    {
        ["protocolVersion"] = protocolVersion,
        ["capabilities"] = Capabilities(protocolVersion),
        ["serverInfo"] = ServerInfo(),
        ["instructions"] = Instructions,
    };

    public static JsonObject DiscoverResult() => new()
    {
        ["supportedVersions"] = new JsonArray([.. McpRevisions.Stateless.Select(v => JsonValue.Create(v))]),
        ["capabilities"] = Capabilities(McpRevisions.V2026_07_28),
        ["instructions"] = Instructions,
        ["ttlMs"] = 0,
        ["cacheScope"] = "private",
        ["_meta"] = new JsonObject { [McpHeaders.MetaServerInfo] = ServerInfo() },
    };
}
