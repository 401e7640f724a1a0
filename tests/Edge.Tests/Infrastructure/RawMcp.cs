using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>Hand-made Streamable HTTP requests, for the cases a well-behaved client never produces.</summary>
public sealed class RawMcp(Uri endpoint) : IDisposable
{
    public const string Stateless = "2026-07-28";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public HttpRequestMessage Post(string body, string contentType = "application/json", string? accept = "application/json, text/event-stream")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    /// <summary>A well-formed stateless (2026-07-28) request with the standard headers.</summary>
    public HttpRequestMessage Stateless2026(string method, JsonObject? parameters = null, string? nameHeader = null, string? methodHeader = null, object? id = null)
    {
        parameters ??= new JsonObject();
        var meta = parameters["_meta"] as JsonObject ?? new JsonObject();
        meta["io.modelcontextprotocol/protocolVersion"] = Stateless;
        meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject();
        parameters["_meta"] = meta;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonValue.Create(id ?? 1), ["method"] = method, ["params"] = parameters };
        var request = Post(message.ToJsonString());
        request.Headers.Add("MCP-Protocol-Version", Stateless);
        request.Headers.Add("Mcp-Method", methodHeader ?? method);
        var name = nameHeader ?? (parameters["name"] ?? parameters["uri"])?.GetValue<string>();
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    public async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? body = null;
        if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            body = JsonNode.Parse(text) as JsonObject;
        }

        return ((int)response.StatusCode, body, response);
    }

    public static int ErrorCode(JsonObject? body) => body?["error"]?["code"]?.GetValue<int>() ?? 0;

    public void Dispose() => _http.Dispose();
}
