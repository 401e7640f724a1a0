using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Sessions are bounded (issue 14): the client data stored with one, the sessions one user holds (on every node of a
/// shared store) and the rate at which one user opens them, on <c>initialize</c> and on the legacy <c>GET /sse</c>.
/// </summary>
public sealed class SessionBoundsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Initialize_WithClientDataOverTheLimit_Is400_AndStoresNothing()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string>
        {
            ["GATEWAY_MAX_CLIENT_INFO_BYTES"] = "4096",
            // One session allowed: had the refused one been stored, the next initialize would be refused too.
            ["GATEWAY_MAX_SESSIONS_PER_USER"] = "1",
        });
        using var raw = new RawMcp(gateway.McpEndpoint);

        var (status, body, response) = await raw.SendAsync(raw.Post(Initialize(clientInfo: new JsonObject { ["name"] = "big", ["version"] = new string('v', 3000) },
            capabilities: new JsonObject { ["experimental"] = new JsonObject { ["x"] = new string('c', 3000) } }).ToJsonString()));

        Assert.Equal(400, status);
        Assert.Equal(-32602, RawMcp.ErrorCode(body));
        Assert.Contains("at most 4096", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));

        var session = await RawSession.OpenAsync(raw);
        var (echoed, echo, _) = await raw.SendAsync(session.Echo(raw, "small is fine"));
        Assert.Equal(200, echoed);
        Assert.Equal("small is fine", RawSession.ResultText(echo));
    }

    [Fact]
    public async Task LegacyInitialize_WithClientDataOverTheLimit_Is400()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_MAX_CLIENT_INFO_BYTES"] = "1024" });
        using var http = new HttpClient();
        await using var stream = await LegacyStream.OpenAsync(http, gateway.BaseAddress);
        using var raw = new RawMcp(new Uri(gateway.BaseAddress, stream.Endpoint));

        var (status, body, _) = await raw.SendAsync(raw.Post(Initialize(clientInfo: new JsonObject { ["name"] = new string('n', 2000), ["version"] = "1" }, version: "2024-11-05").ToJsonString()));

        Assert.Equal(400, status);
        Assert.Equal(-32602, RawMcp.ErrorCode(body));
        Assert.Equal(202, (await raw.SendAsync(raw.Post(Initialize(version: "2024-11-05").ToJsonString()))).Status);
    }

    [Fact]
    public async Task SessionsPerUser_OverTheCap_Are429WithRetryAfter_OnInitializeAndSse_UntilOneEnds()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_MAX_SESSIONS_PER_USER"] = "2" });
        using var raw = new RawMcp(gateway.McpEndpoint);
        using var http = new HttpClient();

        var first = await RawSession.OpenAsync(raw);
        var legacy = await LegacyStream.OpenAsync(http, gateway.BaseAddress);

        var (status, body, response) = await raw.SendAsync(raw.Post(Initialize().ToJsonString()));
        Assert.Equal(429, status);
        Assert.Equal(-32029, RawMcp.ErrorCode(body));
        Assert.Equal("session_limit", body!["error"]!["data"]!["reason"]!.GetValue<string>());
        Assert.Equal(2, body["error"]!["data"]!["maxSessions"]!.GetValue<int>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using (var sse = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.BaseAddress, "/sse")))
        {
            sse.Headers.Add("Accept", "text/event-stream");
            using var refused = await http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(429, (int)refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        // Ending a session (DELETE /mcp) frees its place; so does closing a legacy stream.
        var delete = new HttpRequestMessage(HttpMethod.Delete, gateway.McpEndpoint);
        delete.Headers.Add("Mcp-Session-Id", first.Id);
        Assert.Equal(200, (await raw.SendAsync(delete)).Status);
        Assert.Equal(200, (await raw.SendAsync(raw.Post(Initialize().ToJsonString()))).Status);
        Assert.Equal(429, (await raw.SendAsync(raw.Post(Initialize().ToJsonString()))).Status);

        await legacy.DisposeAsync();
        await Eventually.UntilAsync(async () => (await raw.SendAsync(raw.Post(Initialize().ToJsonString()))).Status == 200, "a new session once one has ended", Deadline);
    }

    [Fact]
    public async Task Initialize_FasterThanTheRate_Is429WithRetryAfter()
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_INITIALIZE_PER_MINUTE"] = "3" });
        using var raw = new RawMcp(gateway.McpEndpoint);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await raw.SendAsync(raw.Post(Initialize().ToJsonString()))).Status);
        }

        var (status, body, response) = await raw.SendAsync(raw.Post(Initialize().ToJsonString()));
        Assert.Equal(429, status);
        Assert.Equal(-32029, RawMcp.ErrorCode(body));
        Assert.Equal("initialize_rate", body!["error"]!["data"]!["reason"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.NotNull(response.Headers.GetValues("RateLimit-Limit").Single());

        using var http = new HttpClient();
        using var sse = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.BaseAddress, "/sse"));
        sse.Headers.Add("Accept", "text/event-stream");
        using var refused = await http.SendAsync(sse, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(429, (int)refused.StatusCode);
    }

    [Fact]
    [Trait("Engine", "postgres")]
    public async Task SessionsPerUser_AreCappedAcrossNodes_OnPostgres()
    {
        var database = await SharedPostgres.CreateDatabaseAsync("session_cap");
        var environment = new Dictionary<string, string> { ["GATEWAY_MAX_SESSIONS_PER_USER"] = "3" };
        await using var first = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), environment, databaseUrl: database.Url);
        await using var second = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), environment, databaseUrl: database.Url);
        using var rawFirst = new RawMcp(first.McpEndpoint);
        using var rawSecond = new RawMcp(second.McpEndpoint);

        // Six at once over both nodes: exactly three pass.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            var raw = i % 2 == 0 ? rawFirst : rawSecond;
            return (await raw.SendAsync(raw.Post(Initialize().ToJsonString()))).Status;
        }));

        Assert.Equal(3, statuses.Count(s => s == 200));
        Assert.Equal(3, statuses.Count(s => s == 429));
        Assert.Equal([3L], await database.QueryAsync("SELECT count(*) FROM orleansstorage WHERE graintypestring = 'record' AND payloadbinary IS NOT NULL", r => r.GetInt64(0)));
    }

    private static JsonObject Initialize(JsonObject? clientInfo = null, JsonObject? capabilities = null, string version = RawSession.Revision) => new()
    {
        ["jsonrpc"] = "2.0",
        ["id"] = 1,
        ["method"] = "initialize",
        ["params"] = new JsonObject
        {
            ["protocolVersion"] = version,
            ["capabilities"] = capabilities ?? new JsonObject(),
            ["clientInfo"] = clientInfo ?? new JsonObject { ["name"] = "bounds", ["version"] = "1" },
        },
    };
}

/// <summary>A legacy <c>GET /sse</c> stream read up to its <c>endpoint</c> event (where to post).</summary>
internal sealed class LegacyStream(SseReader events, string endpoint) : IAsyncDisposable
{
    public string Endpoint { get; } = endpoint;

    /// <summary>The rest of the stream.</summary>
    public SseReader Events { get; } = events;

    public static async Task<LegacyStream> OpenAsync(HttpClient http, Uri gateway)
    {
        var events = await SseReader.OpenAsync(http, new Uri(gateway, "/sse"));
        var announced = await events.NextEventAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("endpoint", announced?.Event);
        return new LegacyStream(events, announced!.Data);
    }

    public ValueTask DisposeAsync() => Events.DisposeAsync();
}
