using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// Log messages of backends reach clients at or above the level each asked for: <c>logging/setLevel</c> on a session,
/// <c>_meta/io.modelcontextprotocol/logLevel</c> on a 2026-07-28 request (none without it). Messages that belong to no
/// call go to the client of the backend session they came on, or (on the shared session) to every session that sees
/// the backend. The backend (src/Tools/Conformance, tools <c>test_log_levels</c> and <c>test_log_after_call</c>)
/// sends every message whatever level was set, so what a client gets is the gateway's filtering.
/// </summary>
public sealed class LogRelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private ConformanceBackend? _backend;

    public async Task InitializeAsync() => _backend = await ConformanceBackend.StartAsync();

    public async Task DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    private string Backend(string transport, string protocolVersion) => _backend!.Entry(transport, protocolVersion);

    private async Task<GatewayHost> StartAsync(string transport, string protocolVersion)
    {
        var gateway = await GatewayHost.StartAsync(Backend(transport, protocolVersion));
        using var cts = new CancellationTokenSource(Clients.Timeout);
        await gateway.WaitForToolAsync("conf.test_log_levels", cts.Token);
        return gateway;
    }

    private static JsonObject Marked(string tool, string marker) => new() { ["name"] = tool, ["arguments"] = new JsonObject { ["marker"] = marker } };

    /// <summary>The levels of the log messages with <paramref name="marker"/> in a POST's answer, in order.</summary>
    private static async Task<List<string>> LoggedLevelsAsync(RawMcp raw, HttpRequestMessage request, string marker)
    {
        var (status, _, response) = await raw.SendAsync(request);
        Assert.Equal(200, status);
        var messages = await SseEvent.MessagesAsync(response);
        Assert.True(messages.Count > 0 && messages[^1]["result"] is not null, "the answer's last message is no result: " + string.Join(" | ", messages.Select(m => m.ToJsonString())));
        return [.. messages.Where(m => IsLog(m, marker)).Select(m => m["params"]!["data"]!["level"]!.GetValue<string>())];
    }

    private static bool IsLog(JsonObject message, string marker) =>
        message["method"]?.GetValue<string>() == "notifications/message" && message["params"]?["data"]?["marker"]?.GetValue<string>() == marker;

    /// <summary>The next log message on a session's stream (other notifications skipped): (marker, level).</summary>
    private static async Task<(string Marker, string Level)> NextLogAsync(SessionStream stream)
    {
        while (await stream.NextAsync(Wait) is { } message)
        {
            if (message["method"]?.GetValue<string>() == "notifications/message" && message["params"]?["data"] is JsonObject data)
            {
                return (data["marker"]!.GetValue<string>(), data["level"]!.GetValue<string>());
            }
        }

        throw new Xunit.Sdk.XunitException("No log message came on the session's stream");
    }

    /// <summary>
    /// Calls <c>test_log_after_call</c> and returns the levels of its messages: on the session's stream, or (when the
    /// backend's message overtook the gateway's end of the call, on a loaded machine) still on the call's answer.
    /// </summary>
    private static async Task<List<string>> AfterCallLevelsAsync(RawMcp raw, SessionStream session, string marker)
    {
        var levels = await LoggedLevelsAsync(raw, session.Request(raw, "tools/call", Marked("conf.test_log_after_call", marker)), marker);
        while (levels.Count < 2)
        {
            var (got, level) = await NextLogAsync(session);
            Assert.Equal(marker, got);
            levels.Add(level);
        }

        return levels;
    }

    private static async Task SetLevelAsync(RawMcp raw, SessionStream session, string level)
    {
        var (status, body, _) = await raw.SendAsync(session.Request(raw, "logging/setLevel", new JsonObject { ["level"] = level }));
        Assert.True(status == 200 && body?["result"] is not null, body?.ToJsonString());
    }

    [Theory]
    [InlineData("streamable-http", "2025-11-25")]
    [InlineData("streamable-http", "2026-07-28")]
    [InlineData("stdio", "2025-11-25")]
    public async Task SessionClients_GetTheBackendsLogMessages_AtOrAboveTheirOwnLevel(string transport, string backendRevision)
    {
        await using var gateway = await StartAsync(transport, backendRevision);
        using var http = new HttpClient();
        using var raw = new RawMcp(gateway.McpEndpoint);
        await using var quiet = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        await using var loud = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        await using var unset = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        await SetLevelAsync(raw, quiet, "error");
        await SetLevelAsync(raw, loud, "debug");

        Assert.Equal(["error"], await LoggedLevelsAsync(raw, quiet.Request(raw, "tools/call", Marked("conf.test_log_levels", "quiet")), "quiet"));
        Assert.Equal(["debug", "info", "warning", "error"], await LoggedLevelsAsync(raw, loud.Request(raw, "tools/call", Marked("conf.test_log_levels", "loud")), "loud"));
        Assert.Equal(["debug", "info", "warning", "error"], await LoggedLevelsAsync(raw, unset.Request(raw, "tools/call", Marked("conf.test_log_levels", "unset")), "unset"));

        // A new level applies to the next call.
        await SetLevelAsync(raw, loud, "warning");
        Assert.Equal(["warning", "error"], await LoggedLevelsAsync(raw, loud.Request(raw, "tools/call", Marked("conf.test_log_levels", "loud2")), "loud2"));
    }

    [Theory]
    [InlineData("streamable-http", "2025-11-25")]
    [InlineData("streamable-http", "2026-07-28")]
    public async Task StatelessClient_GetsLogMessages_OnlyAtTheLevelItsRequestAsksFor(string transport, string backendRevision)
    {
        await using var gateway = await StartAsync(transport, backendRevision);
        using var raw = new RawMcp(gateway.McpEndpoint);

        var asking = raw.Stateless2026("tools/call", Marked("conf.test_log_levels", "asking"));
        var body = JsonNode.Parse(await asking.Content!.ReadAsStringAsync())!;
        body["params"]!["_meta"]!["io.modelcontextprotocol/logLevel"] = "warning";
        asking.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(["warning", "error"], await LoggedLevelsAsync(raw, asking, "asking"));

        Assert.Empty(await LoggedLevelsAsync(raw, raw.Stateless2026("tools/call", Marked("conf.test_log_levels", "silent")), "silent"));
    }

    [Theory]
    [InlineData("streamable-http")]
    [InlineData("stdio")]
    public async Task LogMessageOutsideAnyCall_OnTheSharedSession_GoesToEverySessionSeeingTheBackend_AtItsLevel(string transport)
    {
        await using var gateway = await StartAsync(transport, "2025-11-25");
        using var http = new HttpClient();
        using var raw = new RawMcp(gateway.McpEndpoint);
        await using var caller = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        await using var other = await SessionStream.OpenAsync(http, gateway.McpEndpoint);
        await SetLevelAsync(raw, other, "error");

        Assert.Equal(["notice", "error"], await AfterCallLevelsAsync(raw, caller, "later"));
        Assert.Equal(("later", "error"), await NextLogAsync(other));
    }

    [Theory]
    [InlineData("streamable-http")]
    [InlineData("stdio")]
    public async Task LogMessageOutsideAnyCall_OnAClientsOwnBackendSession_GoesToThatClientAlone(string transport)
    {
        await using var gateway = await StartAsync(transport, "2025-11-25");
        using var http = new HttpClient();
        using var raw = new RawMcp(gateway.McpEndpoint);
        await using var owner = await SessionStream.OpenAsync(http, gateway.McpEndpoint, new JsonObject { ["sampling"] = new JsonObject() });
        await using var other = await SessionStream.OpenAsync(http, gateway.McpEndpoint);

        Assert.Equal(["notice", "error"], await AfterCallLevelsAsync(raw, owner, "own"));

        // The other session's first log message on its stream is its own call's: the owner's never reached it.
        var (status, _, _) = await raw.SendAsync(other.Request(raw, "tools/call", Marked("conf.test_log_after_call", "shared")));
        Assert.Equal(200, status);
        Assert.Equal("shared", (await NextLogAsync(other)).Marker);
    }
}
