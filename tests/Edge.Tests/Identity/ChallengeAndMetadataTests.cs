using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>401 answers carry a Bearer challenge pointing at the RFC 9728 metadata, which is served unauthenticated.</summary>
public sealed class ChallengeAndMetadataTests
{
    [Fact]
    public async Task Unauthenticated_Gets401WithResourceMetadata_AndInvalidTokenOnlyWhenATokenWasPresented()
    {
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), TestTokens.GatewayEnvironment());
        using var raw = new RawMcp(host.McpEndpoint);

        var (status, body, response) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        var withToken = raw.Stateless2026("tools/list");
        withToken.Headers.TryAddWithoutValidation("Authorization", "Bearer not.a.token");
        var (statusWithToken, _, responseWithToken) = await raw.SendAsync(withToken);

        var metadata = $"{host.BaseAddress.ToString().TrimEnd('/')}/.well-known/oauth-protected-resource";
        Assert.Equal(401, status);
        Assert.Equal(-32030, RawMcp.ErrorCode(body));
        Assert.Equal("2.0", body!["jsonrpc"]!.GetValue<string>());
        Assert.Equal($"Bearer resource_metadata=\"{metadata}\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal(401, statusWithToken);
        var challenge = string.Join(", ", responseWithToken.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains($"resource_metadata=\"{metadata}\"", challenge, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);

        using var http = new HttpClient();
        Assert.Equal(200, (int)(await http.GetAsync(new Uri(host.BaseAddress, "/health/live"))).StatusCode);
    }

    [Theory]
    [InlineData("/.well-known/oauth-protected-resource", "/mcp")]
    [InlineData("/.well-known/oauth-protected-resource/mcp", "/mcp")]
    [InlineData("/.well-known/oauth-protected-resource/hello/mcp", "/hello/mcp")]
    public async Task ProtectedResourceMetadata_IsServedUnauthenticated(string path, string resource)
    {
        var env = TestTokens.GatewayEnvironment();
        env["GATEWAY_AUTHORIZATION_SERVERS"] = "https://auth.example.com, https://login.example.org/tenant";
        env["GATEWAY_SCOPES_SUPPORTED"] = "mcp:read,mcp:write";
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), env);
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(host.BaseAddress, path));

        Assert.Equal(200, (int)response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(host.BaseAddress.ToString().TrimEnd('/') + resource, document["resource"]!.GetValue<string>());
        Assert.Equal(["https://auth.example.com", "https://login.example.org/tenant"], document["authorization_servers"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["mcp:read", "mcp:write"], document["scopes_supported"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["header"], document["bearer_methods_supported"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task AuthModeNone_StillLetsAnonymousCallersIn()
    {
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio());
        using var raw = new RawMcp(host.McpEndpoint);

        var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hi" } }));

        Assert.Equal(200, status);
        Assert.Null(body?["error"]);
    }
}
