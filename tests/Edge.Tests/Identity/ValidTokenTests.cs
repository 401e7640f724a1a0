using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>A valid token passes, and the caller's identity (user, roles, tenant) reaches the pipeline.</summary>
public sealed class ValidTokenTests(JwtGatewayFixture gateway) : IClassFixture<JwtGatewayFixture>
{
    [Fact]
    public async Task ValidToken_PassesAndTheCallerArrivesInTheCallerIdentity()
    {
        var token = TestTokens.Valid();

        var (status, body, _) = await gateway.CallEchoAsync("Bearer " + token);

        Assert.Equal(200, status);
        Assert.Null(body?["error"]);
        Assert.Contains("hi", body!["result"]!.ToJsonString(), StringComparison.Ordinal);
        var record = Assert.Single(gateway.Recorded.Records);
        Assert.Equal("alice", record.UserId);
        Assert.Equal("acme", record.Tenant);
        Assert.Equal(["developer", "viewer"], record.Roles);
        Assert.DoesNotContain(gateway.Recorded.LogLines, line => line.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenWithinTheClockSkew_IsAccepted()
    {
        var now = TestTokens.Now;
        var token = TestTokens.Hs(TestTokens.Claims(c =>
        {
            c["exp"] = now - 20;
            c["nbf"] = now + 20;
        }));

        var (status, _, _) = await gateway.CallEchoAsync("bearer " + token);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Validator_MapsScopesRolesAndTenant_FromConfiguredClaims()
    {
        var options = new JwtOptions { SecretKey = TestTokens.Secret, RolesClaim = "groups", TenantClaim = "org", UserIdClaim = "uid", MaxTokenAge = TimeSpan.Zero };
        var validator = new JwtTokenValidator(options, new StaticKeys(JwtKey.ForSecret(System.Text.Encoding.UTF8.GetBytes(TestTokens.Secret))), TimeProvider.System);
        var token = TestTokens.Hs(new System.Text.Json.Nodes.JsonObject
        {
            ["uid"] = "u-7",
            ["groups"] = "admin,viewer",
            ["org"] = "t-1",
            ["scp"] = new System.Text.Json.Nodes.JsonArray("tools.read"),
            ["scope"] = "tools.call",
            ["exp"] = TestTokens.Now + 60,
        });

        var (caller, failure) = await validator.ValidateAsync(token, CancellationToken.None);

        Assert.Equal(JwtFailure.None, failure);
        Assert.Equal("u-7", caller!.UserId);
        Assert.Equal(["admin", "viewer"], caller.Roles);
        Assert.Equal("t-1", caller.Tenant);
        Assert.Equal(["tools.call", "tools.read"], caller.Scopes);
        Assert.False(caller.IsAnonymous);
    }

    private sealed class StaticKeys(params JwtKey[] keys) : IJwtKeyProvider
    {
        public ValueTask<IReadOnlyList<JwtKey>> GetKeysAsync(string? kid, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<JwtKey>>(keys);
    }
}
