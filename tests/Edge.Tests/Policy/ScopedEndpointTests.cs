using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Policy;

/// <summary>A scoped endpoint on which none of the caller's roles grants anything is refused with 403 insufficient_scope.</summary>
public sealed class ScopedEndpointTests
{
    [Fact]
    public async Task ScopeOutsideTheCallersRoles_Is403InsufficientScope_WhileItsOwnScopeWorks()
    {
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio() + GatewayHost.HelloStdio("other"),
            TestTokens.GatewayEnvironment(),
            policyYaml: """
                roles:
                  viewer:
                    scopes: [hello]
                    tools: ["*"]

                """);
        var viewer = TestTokens.Hs(TestTokens.Claims(c => c["roles"] = new JsonArray("viewer")));

        async Task<(int Status, JsonObject? Body, HttpResponseMessage Response)> ListAsync(string scope)
        {
            using var raw = new RawMcp(gateway.ScopedEndpoint(scope));
            var request = raw.Stateless2026("tools/list");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", viewer);
            return await raw.SendAsync(request);
        }

        var (okStatus, ok, _) = await ListAsync("hello");
        Assert.Equal(200, okStatus);
        Assert.Equal(["hello.echo", "hello.sum"], ok!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order());

        var (status, body, response) = await ListAsync("other");
        Assert.Equal(403, status);
        Assert.Equal(-32031, RawMcp.ErrorCode(body));
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"other\"", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);

        Assert.Equal(404, (await ListAsync("nowhere")).Status);
    }
}
