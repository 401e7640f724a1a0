using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Upstreams.Connections;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Discovery;

/// <summary>Asks one backend for everything it offers, following pagination, keeping the raw definitions.</summary>
internal static class BackendDiscoverer
{
    private const int MaxPages = 100;

    public static async Task<BackendDiscovery> DiscoverAsync(BackendConnection connection, TimeProvider time, CancellationToken cancellationToken)
    {
        var client = await connection.GetClientAsync(cancellationToken);
        var capabilities = client.ServerCapabilities;
        var tools = capabilities.Tools is null ? [] : await ListAsync(client, RequestMethods.ToolsList, "tools", cancellationToken);
        RememberTools(client, tools);
        connection.SetToolsWithParamHeaders(tools
            .Where(t => t["name"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
                && t["inputSchema"]?.ToJsonString().Contains("x-mcp-header", StringComparison.Ordinal) == true)
            .Select(t => t["name"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal));
        var prompts = capabilities.Prompts is null ? [] : await ListAsync(client, RequestMethods.PromptsList, "prompts", cancellationToken);
        var resources = capabilities.Resources is null ? [] : await ListAsync(client, RequestMethods.ResourcesList, "resources", cancellationToken);
        var templates = capabilities.Resources is null
            ? []
            : await ListAsync(client, RequestMethods.ResourcesTemplatesList, "resourceTemplates", cancellationToken);
        return new BackendDiscovery(connection.Name, tools, prompts, resources, templates, capabilities.Completions is not null, time.GetUtcNow());
    }

    /// <summary>
    /// The SDK client needs the tool definitions to mirror arguments into <c>Mcp-Param-*</c> headers for tools that
    /// ask for it; the raw listing bypasses its cache, so it is told them here.
    /// </summary>
    private static void RememberTools(McpClient client, IReadOnlyList<JsonObject> tools)
    {
        var known = new List<Tool>(tools.Count);
        foreach (var definition in tools)
        {
            try
            {
                if (definition.Deserialize<Tool>(McpJsonUtilities.DefaultOptions) is { } tool)
                {
                    known.Add(tool);
                }
            }
            catch (JsonException)
            {
                // A definition the SDK cannot read is still listed; calls to it just carry no mirrored headers.
            }
        }

        client.ClearKnownTools();
        client.AddKnownTools(known);
    }

    private static async Task<IReadOnlyList<JsonObject>> ListAsync(McpClient client, string method, string key, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var parameters = new JsonObject();
            if (cursor is not null)
            {
                parameters["cursor"] = cursor;
            }

            var response = await client.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, cancellationToken);
            if (response.Result?[key] is JsonArray array)
            {
                items.AddRange(array.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
            }

            cursor = response.Result?["nextCursor"]?.GetValue<string>();
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }

        return items;
    }
}
