using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Admin;

/// <summary>
/// The admin endpoints the operator dashboard reads (<c>/admin/quotas</c>, <c>/admin/config</c>, <c>/admin/jobs</c> and
/// the additions to <c>/admin/backends</c> and <c>/admin/limits</c>), and the dashboard's files: the files hold no data
/// and are served to anyone; every endpoint with data answers 401 without a token, 403 without the admin role.
/// </summary>
public sealed class DashboardApiTests
{
    private static readonly string[] DataPaths = ["/admin/quotas", "/admin/config", "/admin/jobs", "/admin/backends", "/admin/limits"];

    [Fact]
    public async Task TheDashboardsEndpoints_AnswerOnlyAdmins_AndShowWhatTheNodeDoes()
    {
        var environment = TestTokens.GatewayEnvironment();
        environment["RATE_LIMIT_USER_PER_MINUTE"] = "100";
        await using var gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), environment);
        using var http = new HttpClient();

        async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, string? user, params string[] roles)
        {
            using var request = new HttpRequestMessage(method, new Uri(gateway.BaseAddress, path));
            if (user is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Hs(TestTokens.Claims(c =>
                {
                    c["sub"] = user;
                    c["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]);
                })));
            }

            if (method == HttpMethod.Post && path == "/mcp/invoke")
            {
                request.Content = new StringContent("""{"tool_name":"hello.echo","arguments":{"message":"hi"}}""", System.Text.Encoding.UTF8, "application/json");
            }

            var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null, response);
        }

        foreach (var path in DataPaths.Append("/admin/jobs/0123/cancel"))
        {
            var method = path.EndsWith("/cancel", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(method, path, null)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(method, path, "dev", "developer", "viewer")).Status);
        }

        // One call, by bob: it shows in the backend's counts and in bob's share of his quota.
        var (called, _, _) = await SendAsync(HttpMethod.Post, "/mcp/invoke", "bob", "developer");
        Assert.Equal(HttpStatusCode.OK, called);

        var (status, backends, _) = await SendAsync(HttpMethod.Get, "/admin/backends", "ops", "admin");
        Assert.Equal(HttpStatusCode.OK, status);
        var hello = backends!["backends"]!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "hello")!;
        Assert.Equal("dotnet", hello["command"]![0]!.GetValue<string>());
        Assert.NotNull(hello["discoveredAt"]);
        Assert.True(hello["discoveryMs"]!.GetValue<double>() > 0, "the discovery took no time");
        Assert.Equal("closed", hello["breakerState"]!.GetValue<string>());
        Assert.Equal(1, hello["calls"]!["total"]!.GetValue<long>());
        Assert.Equal(0, hello["calls"]!["errorRate"]!.GetValue<double>());
        Assert.True(hello["calls"]!["p50Ms"]!.GetValue<double>() > 0);
        Assert.True(hello["calls"]!["p99Ms"]!.GetValue<double>() >= hello["calls"]!["p50Ms"]!.GetValue<double>());

        var (_, limits, _) = await SendAsync(HttpMethod.Get, "/admin/limits", "ops", "admin");
        Assert.Contains(limits!["served"]!.AsArray(), t => t!["tool"]!.GetValue<string>() == "hello.sum");
        Assert.Empty(limits["refusals"]!.AsArray());

        var (_, quotas, _) = await SendAsync(HttpMethod.Get, "/admin/quotas?limit=5", "ops", "admin");
        var bob = quotas!["quotas"]!.AsArray().Single(q => q!["user"]?.GetValue<string>() == "bob")!;
        Assert.Equal("acme", bob["tenant"]!.GetValue<string>());
        // One call in the sliding minute (less when the minute turned since: the previous minute counts by the part left).
        Assert.InRange(bob["callsLastMinute"]!.GetValue<double>(), 0.1, 1);
        Assert.Equal(100, bob["perMinute"]!.GetValue<double>());
        Assert.InRange(bob["used"]!.GetValue<double>(), 0.001, 0.01);
        var (badLimit, error, _) = await SendAsync(HttpMethod.Get, "/admin/quotas?limit=0", "ops", "admin");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit);
        Assert.Equal("invalid_params", error!["error"]!["kind"]!.GetValue<string>());

        var (_, config, _) = await SendAsync(HttpMethod.Get, "/admin/config", "ops", "admin");
        Assert.StartsWith("sha256:", config!["configVersion"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(config["rejected"]!.AsArray());

        var (jobsStatus, jobs, _) = await SendAsync(HttpMethod.Get, "/admin/jobs", "ops", "admin");
        Assert.Equal(HttpStatusCode.OK, jobsStatus);
        Assert.Equal(0, jobs!["counts"]!["queued"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheDashboardsFiles_AreServedWithoutAToken_UnderAStrictContentSecurityPolicy()
    {
        await using var gateway = await GatewayHost.StartAsync("  []\n", TestTokens.GatewayEnvironment());
        using var http = new HttpClient();
        foreach (var (path, type) in new[] { ("/dashboard", "text/html"), ("/dashboard/", "text/html"), ("/dashboard/dashboard.js", "text/javascript"), ("/dashboard/dashboard.css", "text/css") })
        {
            using var response = await http.GetAsync(new Uri(gateway.BaseAddress, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }

        // Only those files: anything else under /dashboard needs a token like every other path.
        using var other = await http.GetAsync(new Uri(gateway.BaseAddress, "/dashboard/other.js"));
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        using var post = await http.PostAsync(new Uri(gateway.BaseAddress, "/dashboard"), null);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }
}
