using System.Text.Json.Nodes;

namespace McpGateway.Tests.Common.Mcp;

/// <summary>A session of revision 2025-11-25 opened by hand, with its GET stream of server messages.</summary>
public sealed class SessionStream(string sessionId, SseReader stream) : IAsyncDisposable
{
    public const string Revision = "2025-11-25";

    public string SessionId { get; } = sessionId;

    public SseReader Stream { get; } = stream;

    /// <summary>Initializes a session on <paramref name="endpoint"/> (declaring <paramref name="capabilities"/>) and opens its stream.</summary>
    public static async Task<SessionStream> OpenAsync(HttpClient http, Uri endpoint, JsonObject? capabilities = null)
    {
        using var raw = new RawMcp(endpoint);
        var (status, _, response) = await raw.SendAsync(raw.Post(RawMcp.Initialize(Revision, capabilities: capabilities)));
        Assert.True(status == 200, $"initialize answered {status}");
        var sessionId = response.Headers.GetValues(RawMcp.SessionHeader).Single();
        var stream = await SseReader.OpenAsync(http, endpoint, new Dictionary<string, string>
        {
            [RawMcp.SessionHeader] = sessionId,
            [RawMcp.VersionHeader] = Revision,
        });
        return new SessionStream(sessionId, stream);
    }

    /// <summary>A request on the session, answered in the POST's response.</summary>
    public HttpRequestMessage Request(RawMcp raw, string method, JsonObject parameters)
    {
        var request = raw.Post(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = method, ["params"] = parameters }.ToJsonString());
        request.Headers.Add(RawMcp.SessionHeader, SessionId);
        request.Headers.Add(RawMcp.VersionHeader, Revision);
        return request;
    }

    /// <summary>The next message on the stream, or null when none comes within <paramref name="wait"/> (or the stream ends).</summary>
    public Task<JsonObject?> NextAsync(TimeSpan wait) => Stream.NextMessageOrNullAsync(wait);

    /// <summary>The method of the next message on the stream, or null.</summary>
    public async Task<string?> NextMethodAsync(TimeSpan wait) => (await NextAsync(wait))?["method"]?.GetValue<string>();

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
