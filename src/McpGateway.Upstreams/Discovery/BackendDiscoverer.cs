using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Upstreams.Connections;
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
        var prompts = capabilities.Prompts is null ? [] : await ListAsync(client, RequestMethods.PromptsList, "prompts", cancellationToken);
        var resources = capabilities.Resources is null ? [] : await ListAsync(client, RequestMethods.ResourcesList, "resources", cancellationToken);
        var templates = capabilities.Resources is null
            ? []
            : await ListAsync(client, RequestMethods.ResourcesTemplatesList, "resourceTemplates", cancellationToken);
        return new BackendDiscovery(connection.Name, tools, prompts, resources, templates, capabilities.Completions is not null, time.GetUtcNow());
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
