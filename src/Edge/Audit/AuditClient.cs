using System.Text.Json.Nodes;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Audit;

/// <summary>How a client is named in the audit log: <c>name/version</c> of its <c>clientInfo</c>, else its <c>User-Agent</c>.</summary>
internal static class AuditClient
{
    private const int MaxLength = 200;

    public static string? Describe(HttpContext http, JsonObject? clientInfo)
    {
        if (clientInfo?["name"] is JsonValue name && name.TryGetValue<string>(out var text) && text.Length > 0)
        {
            var version = clientInfo["version"] is JsonValue v && v.TryGetValue<string>(out var ver) ? "/" + ver : "";
            return Cut(text + version);
        }

        var agent = http.Request.Headers.UserAgent.ToString();
        return agent.Length > 0 ? Cut(agent) : null;
    }

    /// <summary>The stateless revision names the client in <c>_meta</c> of every request.</summary>
    public static string? Describe(McpExchange exchange) =>
        Describe(exchange.Http, exchange.Session?.ClientInfo ?? (exchange.Message.Params["_meta"] as JsonObject)?[McpHeaders.MetaClientInfo] as JsonObject);

    private static string Cut(string text) => text.Length <= MaxLength ? text : text[..MaxLength];
}
