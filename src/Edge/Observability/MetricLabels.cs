using System.Collections.Frozen;
using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Observability;

/// <summary>
/// Label values of the gateway's metrics that come from what a client sends, each mapped onto a bounded set so that no
/// input can add series without bound: the HTTP method (a fixed set, <see cref="Other"/> for the rest), the MCP method
/// (the methods the gateway serves) and tool names (only tools of the catalogue). Endpoint labels are route patterns
/// and backend labels come from the catalogue entry a call resolved to, so neither is taken from the request.
/// </summary>
internal static class MetricLabels
{
    /// <summary>The label value of anything outside its set.</summary>
    public const string Other = "other";

    private static readonly FrozenSet<string> HttpMethods =
        FrozenSet.Create(StringComparer.Ordinal, "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private static readonly FrozenSet<string> McpMethods = FrozenSet.Create(
        StringComparer.Ordinal,
        "initialize", "ping", "server/discover",
        "tools/list", "tools/call", "prompts/list", "prompts/get",
        "resources/list", "resources/templates/list", "resources/read", "resources/subscribe", "resources/unsubscribe",
        "completion/complete", "logging/setLevel",
        "tasks/get", "tasks/result", "tasks/list", "tasks/cancel", "tasks/update",
        "notifications/initialized", "notifications/cancelled");

    /// <summary>The request's method when it is one of GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS (exactly so spelled), else <see cref="Other"/>.</summary>
    public static string HttpMethod(string method) => HttpMethods.TryGetValue(method, out var known) ? known : Other;

    /// <summary>The MCP method when the gateway knows it, else <see cref="Other"/>.</summary>
    public static string McpMethod(string method) => McpMethods.TryGetValue(method, out var known) ? known : Other;

    /// <summary>The tool's name when the catalogue serves a tool of that name, else <see cref="Other"/>.</summary>
    public static string Tool(string name, CatalogueSnapshot catalogue) => catalogue.FindTool(name) is not null ? name : Other;
}
