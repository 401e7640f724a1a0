using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Core.Catalogue;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Observability;

/// <summary>
/// Telemetry a hostile client cannot blow up or read: thousands of requests with random HTTP methods, paths, scopes,
/// JSON-RPC methods and tool names leave <c>/metrics</c> small, every label from its fixed set; <c>/metrics</c> needs
/// the <c>metrics</c> (or <c>admin</c>) role; <c>/health/ready</c> names nothing to callers who are not admins.
/// </summary>
public sealed partial class BoundedTelemetryTests : IAsyncLifetime
{
    /// <summary>Every random value the flood sends contains this marker, so that none may appear in <c>/metrics</c>.</summary>
    private const string Marker = "zq";

    private static readonly string[] HttpMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "other"];
    private static readonly string[] CallMethods = ["tools/call", "prompts/get", "resources/read", "completion/complete", "other"];

    private static readonly string Developer = Token("developer");
    private static readonly string Scraper = Token("metrics");
    private static readonly string Admin = Token("admin");

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio() + """
              - name: broken
                transport: stdio
                command: [/nonexistent/mcp-server]
                discovery_timeout_seconds: 2

            """,
            TestTokens.GatewayEnvironment(),
            policyYaml: """
                roles:
                  admin: { tools: ["*"], prompts: ["*"], resources: ["*"] }
                  developer: { tools: ["*"], prompts: ["*"], resources: ["*"] }

                """);
        using var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _gateway.WaitForToolAsync("hello.echo", discovered.Token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task RandomMethodsPathsAndNames_LeaveMetricsBounded_EveryLabelFromItsSet()
    {
        var random = new Random(1414);
        using var raw = new RawMcp(_gateway.McpEndpoint);
        var requests = new List<Func<HttpRequestMessage>>();
        for (var i = 0; i < 1500; i++)
        {
            // Unauthenticated, like the probe that grew /metrics to 38 MB: random methods on real and random paths.
            var method = new HttpMethod(Marker.ToUpperInvariant() + Letters(random, 1, 12).ToUpperInvariant());
            var path = (i % 3) switch { 0 => "/mcp", 1 => "/" + Marker + Letters(random, 1, 20), _ => "/" + Marker + Letters(random, 1, 8) + "/mcp" };
            requests.Add(() => new HttpRequestMessage(method, new Uri(_gateway.BaseAddress, path)));
        }

        for (var i = 0; i < 600; i++)
        {
            var path = "/" + Marker + Letters(random, 1, 10) + "/" + Letters(random, 1, 10);
            var known = HttpMethods[i % 7];
            requests.Add(() => new HttpRequestMessage(new HttpMethod(known), new Uri(_gateway.BaseAddress, path)) { Headers = { Authorization = Bearer(Developer) } });
        }

        for (var i = 0; i < 600; i++)
        {
            // Authenticated MCP requests: random JSON-RPC methods, and calls naming tools, prompts and resources that do not exist.
            var name = Marker + Letters(random, 1, 16);
            var (method, parameters) = (i % 5) switch
            {
                0 => ("tools/call", new JsonObject { ["name"] = name, ["arguments"] = new JsonObject() }),
                1 => ("prompts/get", new JsonObject { ["name"] = name }),
                2 => ("resources/read", new JsonObject { ["uri"] = "file:///" + name }),
                3 => ("tools/call", new JsonObject { ["name"] = "hello." + name, ["arguments"] = new JsonObject() }),
                _ => (Marker + "/" + Letters(random, 1, 12), new JsonObject()),
            };
            var scoped = i % 2 == 0 ? _gateway.McpEndpoint : _gateway.ScopedEndpoint(i % 4 == 1 ? "hello" : Marker + Letters(random, 1, 6));
            requests.Add(() =>
            {
                using var endpoint = new RawMcp(scoped);
                var request = endpoint.Stateless2026(method, (JsonObject)parameters.DeepClone());
                request.Headers.Authorization = Bearer(Developer);
                return request;
            });
        }

        for (var i = 0; i < 300; i++)
        {
            var tool = Marker + Letters(random, 1, 16);
            requests.Add(() => new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.BaseAddress, "/mcp/invoke"))
            {
                Headers = { Authorization = Bearer(Developer) },
                Content = new StringContent(new JsonObject { ["tool_name"] = tool, ["arguments"] = new JsonObject() }.ToJsonString(), Encoding.UTF8, "application/json"),
            });
        }

        var statuses = await SendAllAsync(requests.OrderBy(_ => random.Next()).ToList());
        Assert.DoesNotContain(statuses, s => s >= 500);

        using var scrape = await GetAsync("/metrics", Scraper);
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);

        // Nothing a client made up reaches a label, and the exposition stays small (the unbounded one had a series per method).
        Assert.DoesNotContain(Marker, text, StringComparison.OrdinalIgnoreCase);
        var series = Series(text);
        Assert.InRange(series.Count, 1, 2500);
        Assert.InRange(text.Length, 1, 400_000);

        var endpoints = _gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText!).Append("unmatched").ToHashSet(StringComparer.Ordinal);
        var catalogue = _gateway.Services.GetRequiredService<ICatalogue>().Current;
        var tools = catalogue.Items.Where(t => t.Kind == CatalogueKind.Tool).Select(t => t.ExposedName).Append("").Append("other").ToHashSet(StringComparer.Ordinal);
        var http = series.Where(s => s.Name.StartsWith("mcpgw_http_request", StringComparison.Ordinal)).ToList();
        var calls = series.Where(s => s.Name.StartsWith("mcpgw_call", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(http);
        Assert.NotEmpty(calls);
        Assert.All(http, s => Assert.Contains(s.Labels["method"], HttpMethods));
        Assert.All(http, s => Assert.Contains(s.Labels["endpoint"], endpoints));
        Assert.All(calls, s => Assert.Contains(s.Labels["method"], CallMethods));
        Assert.All(calls, s => Assert.Contains(s.Labels["backend"], (string[])["", "hello"]));
        Assert.All(series.Where(s => s.Labels.ContainsKey("tool")), s => Assert.Contains(s.Labels["tool"], tools));

        // The flood is counted under bounded labels, not dropped: random methods as "other", unknown tools without a backend.
        Assert.Contains(http, s => s.Name == "mcpgw_http_requests_total" && s.Labels["method"] == "other" && s.Labels["status"] == "401");
        Assert.Contains(http, s => s.Name == "mcpgw_http_requests_total" && s.Labels["method"] == "PATCH" && s.Labels["endpoint"] == "unmatched");
        Assert.Contains(calls, s => s.Name == "mcpgw_calls_total" && s.Labels["method"] == "tools/call" && s.Labels["backend"] == "" && s.Labels["error"] == "UnknownTool");
    }

    [Fact]
    public async Task Metrics_NeedTheMetricsOrAdminRole()
    {
        using var anonymous = await GetAsync("/metrics", null);
        using var developer = await GetAsync("/metrics", Developer);
        using var scraper = await GetAsync("/metrics", Scraper);
        using var admin = await GetAsync("/metrics", Admin);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, developer.StatusCode);
        var challenge = developer.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"metrics\"", challenge, StringComparison.Ordinal);
        Assert.Equal(-32031, RawMcp.ErrorCode(JsonNode.Parse(await developer.Content.ReadAsStringAsync())!.AsObject()));
        Assert.DoesNotContain("hello", await developer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, scraper.StatusCode);
        Assert.Contains("mcpgw_backend_up{backend=\"hello\",state=\"healthy\"} 1", await scraper.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("mcpgw_catalogue_entries", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_IsStatusOnly_UnlessTheCallerIsAnAdmin()
    {
        using var anonymous = await GetAsync("/health/ready", null);
        using var invalid = await GetAsync("/health/ready", Admin + "x");
        using var developer = await GetAsync("/health/ready", Developer);
        using var scraper = await GetAsync("/health/ready", Scraper);
        using var admin = await GetAsync("/health/ready", Admin);
        using var live = await GetAsync("/health/live", null);

        // A backend left out makes the node degraded (still serving): everyone sees that much, only admins see which.
        foreach (var answer in new[] { anonymous, invalid, developer, scraper })
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.Equal("""{"status":"degraded"}""", text);
        }

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var detail = JsonNode.Parse(await admin.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("degraded", detail["status"]!.GetValue<string>());
        Assert.Equal(["backend:broken"], detail["degraded"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["broken", "hello"], detail["backends"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(1, detail["checks"]!["backends"]!["discovered"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"status":"alive"}""", await live.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("developer", HttpStatusCode.Forbidden, false)]
    [InlineData("metrics", HttpStatusCode.OK, false)]
    [InlineData("admin,developer", HttpStatusCode.OK, true)]
    public async Task AuthModeNone_TheAnonymousRolesDecide(string roles, HttpStatusCode metrics, bool detail)
    {
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_ANONYMOUS_ROLES"] = roles });
        using (var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await gateway.WaitForToolAsync("hello.echo", discovered.Token);
        }

        using var scrape = await _http.GetAsync(new Uri(gateway.BaseAddress, "/metrics"));
        using var ready = await _http.GetAsync(new Uri(gateway.BaseAddress, "/health/ready"));
        var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(metrics, scrape.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", body["status"]!.GetValue<string>());
        Assert.Equal(detail, body.ContainsKey("backends"));
        Assert.Equal(detail, body.ContainsKey("checks"));
    }

    private static string Token(string role) =>
        TestTokens.Hs(TestTokens.Claims(c => { c["sub"] = role + "-user"; c["roles"] = new JsonArray(role); }));

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static string Letters(Random random, int min, int max)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var length = random.Next(min, max + 1);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.BaseAddress, path));
        if (token is not null)
        {
            request.Headers.Authorization = Bearer(token);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Sends every request, a few at a time; the status codes.</summary>
    private async Task<List<int>> SendAllAsync(IReadOnlyList<Func<HttpRequestMessage>> requests)
    {
        var statuses = new int[requests.Count];
        await Parallel.ForAsync(0, requests.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            using var request = requests[i]();
            using var response = await _http.SendAsync(request, cancellationToken);
            statuses[i] = (int)response.StatusCode;
        });
        return [.. statuses];
    }

    /// <summary>The samples of a Prometheus text exposition: metric name and labels.</summary>
    private static List<(string Name, Dictionary<string, string> Labels)> Series(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Select(line =>
        {
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, "not a sample line: " + line);
            var labels = LabelPair().Matches(sample.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
            return (sample.Groups["name"].Value, labels);
        })];

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? \S+$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
