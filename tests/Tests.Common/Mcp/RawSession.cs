using System.Text.Json.Nodes;

namespace McpGateway.Tests.Common.Mcp;

/// <summary>
/// A stateful (2025-11-25 unless told otherwise) session driven by hand over <see cref="RawMcp"/>: its id can be sent to any node, which is
/// how the cluster tests show a session created on one node served by another.
/// </summary>
public sealed class RawSession
{
    public const string Revision = "2025-11-25";

    private readonly string _revision;
    private int _nextId = 1;

    private RawSession(string id, string revision)
    {
        Id = id;
        _revision = revision;
    }

    public string Id { get; }

    /// <summary>Initializes a session (of <paramref name="revision"/>) on <paramref name="raw"/>'s node and sends <c>notifications/initialized</c>.</summary>
    public static async Task<RawSession> OpenAsync(RawMcp raw, string revision = Revision)
    {
        var (status, body, response) = await raw.SendAsync(raw.Post(new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 0,
            ["method"] = "initialize",
            ["params"] = new JsonObject { ["protocolVersion"] = revision, ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "raw-session", ["version"] = "1" } },
        }.ToJsonString()));
        Assert.True(status == 200, $"initialize answered {status}: {body}");
        var session = new RawSession(response.Headers.GetValues("Mcp-Session-Id").Single(), revision);
        var (notified, _, _) = await raw.SendAsync(session.Request(raw, new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }));
        Assert.Equal(202, notified);
        return session;
    }

    /// <summary>A request of this session (any node of the cluster may be sent it).</summary>
    public HttpRequestMessage Call(RawMcp raw, string method, JsonObject? parameters = null) =>
        Request(raw, new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _nextId), ["method"] = method, ["params"] = parameters ?? new JsonObject() });

    /// <summary>A JSON-RPC batch of this session (2025-03-26 sessions serve them).</summary>
    public HttpRequestMessage Batch(RawMcp raw, JsonArray messages)
    {
        var request = raw.Post(messages.ToJsonString());
        request.Headers.Add("Mcp-Session-Id", Id);
        request.Headers.Add("MCP-Protocol-Version", _revision);
        return request;
    }

    /// <summary><c>tools/call</c> of <c>hello.echo</c> with <paramref name="message"/>.</summary>
    public HttpRequestMessage Echo(RawMcp raw, string message) =>
        Call(raw, "tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = message } });

    /// <summary>The text of the first content block of a tool result.</summary>
    public static string? ResultText(JsonObject? body) => body?["result"]?["content"]?[0]?["text"]?.GetValue<string>();

    private HttpRequestMessage Request(RawMcp raw, JsonObject message)
    {
        var request = raw.Post(message.ToJsonString());
        request.Headers.Add("Mcp-Session-Id", Id);
        request.Headers.Add("MCP-Protocol-Version", _revision);
        return request;
    }
}
