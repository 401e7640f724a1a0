using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// A real gateway node in this process (<see cref="GatewayHost"/>, JWT mode with the development issuer) with two
/// backends behind it: the <see cref="RecordingBackend"/> (<c>rec</c>, which keeps every request it receives, with the
/// gateway's <c>X-Request-ID</c>) and the Hello demo over stdio (<c>hello</c>); its log entries are captured. The
/// session bounds are the deployed defaults (100 sessions per user, 60 <c>initialize</c> a minute). Tokens are
/// issued by the node's own <c>/token</c>: <c>admin</c>, <c>developer</c> and a token with no role.
/// </summary>
public sealed class HostileNode : IAsyncDisposable
{
    public const string IssuerToken = "hostile-issuer-admin-token-0123456789";

    private readonly List<IAsyncDisposable> _owned = [];

    private HostileNode(GatewayHost gateway, RecordingBackend backend, LogCapture logs)
    {
        Gateway = gateway;
        Backend = backend;
        Logs = logs;
        _owned.Add(gateway);
        _owned.Add(backend);
    }

    public GatewayHost Gateway { get; }

    public RecordingBackend Backend { get; }

    public LogCapture Logs { get; }

    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(60) };

    public string AdminToken { get; private set; } = "";

    public string DeveloperToken { get; private set; } = "";

    public string RolelessToken { get; private set; } = "";

    public Uri Url(string pathAndQuery) => new(Gateway.BaseAddress, pathAndQuery);

    /// <summary>Starts the node; <paramref name="environment"/> adds to (or overrides) its settings.</summary>
    public static async Task<HostileNode> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var backend = await RecordingBackend.StartAsync();
        backend.Release.TrySetResult();
        var logs = new LogCapture();
        var env = new Dictionary<string, string>
        {
            ["GATEWAY_AUTH_MODE"] = "jwt",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["JWT_ISSUER_ADMIN_TOKEN"] = IssuerToken,
            // The client bounds a deployed node has (GatewayHost raises them for tests that are not about them).
            ["GATEWAY_MAX_SESSIONS_PER_USER"] = "100",
            ["GATEWAY_INITIALIZE_PER_MINUTE"] = "60",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var gateway = await GatewayHost.StartAsync(
            $"  - name: rec\n    transport: streamable-http\n    url: {backend.Endpoint}\n" + GatewayHost.HelloStdio(),
            env,
            services: logs.Register);
        var node = new HostileNode(gateway, backend, logs);
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gateway.WaitForToolAsync("rec.whoami", ready.Token);
        await gateway.WaitForToolAsync("hello.echo", ready.Token);
        node.AdminToken = await node.IssueAsync("hostile-admin", "admin");
        node.DeveloperToken = await node.IssueAsync("hostile-dev", "developer");
        node.RolelessToken = await node.IssueAsync("hostile-nobody");
        return node;
    }

    /// <summary>A token of the node's development issuer.</summary>
    public async Task<string> IssueAsync(string user, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/token"))
        {
            Content = JsonContent.Create(new { user_id = user, roles, workspace = "hostile", expires_in_seconds = 3600 }),
        };
        request.Headers.Add("X-Issuer-Token", IssuerToken);
        using var response = await Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
    }

    /// <summary>A POST of <paramref name="body"/> (JSON) to <paramref name="path"/> with the caller's token and the MCP headers given.</summary>
    public HttpRequestMessage Post(string path, string body, string? token, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A stateless (2026-07-28) request with the standard headers; <paramref name="paramsJson"/> is sent as written.</summary>
    public HttpRequestMessage Stateless(string method, string paramsJson, string? token, string? name = null, object? id = null)
    {
        var body = $$"""{"jsonrpc":"2.0","id":{{id ?? 1}},"method":"{{method}}","params":{{paramsJson}}}""";
        var headers = new List<(string, string)> { ("MCP-Protocol-Version", RawMcp.Stateless), ("Mcp-Method", method) };
        if (name is not null)
        {
            headers.Add(("Mcp-Name", name));
        }

        return Post("/mcp", body, token, [.. headers]);
    }

    /// <summary>The <c>_meta</c> member every stateless request carries.</summary>
    public const string StatelessMeta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

    /// <summary>Opens a session of <paramref name="revision"/> for <paramref name="token"/>'s caller (initialize, then initialized).</summary>
    public async Task<string> OpenSessionAsync(string token, string revision, string capabilities = "{}")
    {
        var (status, body, response) = await SendAsync(Post("/mcp", $$$"""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"{{{revision}}}","capabilities":{{{capabilities}}},"clientInfo":{"name":"hostile","version":"1"} }}""", token));
        Assert.True(status == 200, $"initialize answered {status}: {body}");
        var session = response.Headers.GetValues("Mcp-Session-Id").Single();
        var (notified, _, _) = await SendAsync(Post("/mcp", """{"jsonrpc":"2.0","method":"notifications/initialized"}""", token, ("Mcp-Session-Id", session), ("MCP-Protocol-Version", revision)));
        Assert.Equal(202, notified);
        return session;
    }

    /// <summary>Sends and reads the whole answer: status, body text, and the response (for its headers).</summary>
    public async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
        }
    }

    /// <summary>The JSON of an answer (the last <c>data:</c> line of an event stream), or null.</summary>
    public static JsonNode? Json(string body)
    {
        var text = body.TrimStart().StartsWith("event:", StringComparison.Ordinal) || body.TrimStart().StartsWith("data:", StringComparison.Ordinal)
            ? SseEvent.Parse(body)[^1].Data
            : body;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The key of the backend calls that came without an <c>X-Request-ID</c> (job runs).</summary>
    public const string NoRequestId = "(no X-Request-ID: job runs)";

    /// <summary>Every tools/call the recording backend received, by the gateway request id that carried it.</summary>
    public Dictionary<string, int> BackendCallsByRequestId() =>
        Backend.Received.Where(r => r.Text.Contains("\"tools/call\"", StringComparison.Ordinal))
            .GroupBy(r => r.RequestId ?? NoRequestId)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>
    /// Waits until every tools/call the backend received has its audit record (read through <c>/admin/audit</c> with
    /// the admin token) and returns an empty list; fails listing the request ids left without one, with how many calls
    /// and records, when <paramref name="wait"/> passes first.
    /// </summary>
    public Task<List<string>> UnauditedBackendCallsAsync(TimeSpan wait) =>
        Eventually.ValueAsync(MissingAuditRecordsAsync, missing => missing.Count == 0, "an audit record for every call the backend received", wait);

    private async Task<List<string>> MissingAuditRecordsAsync()
    {
        var calls = BackendCallsByRequestId();
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var all = await Audit.AuditDurabilityTests.RecordsAsync(Gateway.BaseAddress, admin);
        var records = all
            .GroupBy(r => r["request_id"]?.GetValue<string>() ?? "")
            .ToDictionary(g => g.Key, g => g.Count());
        // A job runs apart from the request that submitted it and reaches the backend without an X-Request-ID:
        // those calls are matched with the records of job runs on the recording backend.
        records[NoRequestId] = all.Count(r => r["endpoint"]?.GetValue<string>() == "job" && r["backend"]?.GetValue<string>() == "rec");
        return calls.Where(c => records.GetValueOrDefault(c.Key) < c.Value)
            .Select(c => $"{c.Key}: {c.Value} call(s) at the backend, {records.GetValueOrDefault(c.Key)} audit record(s)")
            .ToList();
    }

    /// <summary>A normal call through each backend still works.</summary>
    public async Task AssertServesNormallyAsync()
    {
        var (live, _, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("/health/live")));
        Assert.Equal(200, live);
        var (status, body, _) = await SendAsync(Stateless("tools/call", $$"""{"name":"rec.whoami","arguments":{"n":1},{{StatelessMeta}}}""", AdminToken, "rec.whoami"));
        Assert.True(status == 200 && Json(body)?["result"] is not null, $"rec.whoami answered {status}: {body}");
        (status, body, _) = await SendAsync(Stateless("tools/call", $$"""{"name":"hello.echo","arguments":{"message":"still here"},{{StatelessMeta}}}""", AdminToken, "hello.echo"));
        Assert.True(status == 200 && body.Contains("still here", StringComparison.Ordinal), $"hello.echo answered {status}: {body}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
