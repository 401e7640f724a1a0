using System.Net;
using System.Net.Http.Headers;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Admin;

/// <summary>
/// The Orleans Dashboard under <c>/admin/orleans/</c>: it has no authentication of its own, so the gateway's admin role
/// guards it like every admin endpoint: an admin gets the page and its data, anyone else a 401 or 403.
/// </summary>
public sealed class OrleansDashboardTests
{
    [Fact]
    public async Task Admin_GetsTheDashboardAndItsData_OthersAreRefused()
    {
        await using var gateway = await GatewayHost.StartAsync("  []\n", TestTokens.GatewayEnvironment());
        using var http = new HttpClient();

        async Task<HttpResponseMessage> GetAsync(string path, params string[] roles)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.BaseAddress, path));
            if (roles.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Hs(TestTokens.Claims(c => c["roles"] = new System.Text.Json.Nodes.JsonArray([.. roles.Select(r => System.Text.Json.Nodes.JsonValue.Create(r))]))));
            }

            return await http.SendAsync(request);
        }

        using var page = await GetAsync("/admin/orleans/", "admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The dashboard's own API.
        using var data = await GetAsync("/admin/orleans/version", "admin");
        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Contains("\"version\"", await data.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var path in new[] { "/admin/orleans/", "/admin/orleans/version", "/admin/orleans/index.min.js", "/admin/orleans/ClusterStats" })
        {
            using var anonymous = await GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            using var developer = await GetAsync(path, "developer", "viewer");
            Assert.Equal(HttpStatusCode.Forbidden, developer.StatusCode);
        }
    }
}
