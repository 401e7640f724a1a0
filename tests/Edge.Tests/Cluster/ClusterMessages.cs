using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>Hand-made MCP requests for the cluster tests: which node a request reaches is the point of each test.</summary>
internal static class ClusterMessages
{
    public static JsonObject Request(int id, string method, JsonObject? parameters = null) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };

    public static JsonObject Initialize(int id, string version) =>
        Request(id, "initialize", new JsonObject { ["protocolVersion"] = version, ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "cluster-test", ["version"] = "1" } });

    public static JsonObject Initialized() => new() { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" };

    public static JsonObject Echo(int id, string text) =>
        Request(id, "tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = text } });

    /// <summary>POSTs one message; session headers when <paramref name="sessionId"/> is given.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, JsonObject message, string? sessionId = null, string? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(message.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
        }

        if (version is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", version);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The text of the first content block of a <c>tools/call</c> result.</summary>
    public static string EchoText(JsonObject message) => message["result"]!["content"]![0]!["text"]!.GetValue<string>();
}
