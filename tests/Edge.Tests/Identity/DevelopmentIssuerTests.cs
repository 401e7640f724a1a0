using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Identity.Jwt;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Identity;

/// <summary><c>POST /token</c> and <c>mcpgw token</c>: Development only, guarded by the admin token, refused in Production.</summary>
public sealed class DevelopmentIssuerTests
{
    private const string AdminToken = "issuer-admin-token-0123456789";

    [Fact]
    public async Task PostToken_InDevelopment_IssuesATokenThatTheGatewayAccepts()
    {
        var recorded = new RecordingServices();
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), DevelopmentEnvironment(), services: recorded.Register);
        using var http = new HttpClient();
        var body = new JsonObject { ["user_id"] = "bob", ["roles"] = new JsonArray("developer"), ["workspace"] = "ws-1", ["api_version"] = "v1", ["expires_in_seconds"] = 120 };

        var missing = await http.PostAsJsonAsync(new Uri(host.BaseAddress, "/token"), body);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseAddress, "/token")) { Content = JsonContent.Create(body) };
        wrong.Headers.Add("X-Issuer-Token", AdminToken + "x");
        var wrongResponse = await http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseAddress, "/token")) { Content = JsonContent.Create(body) };
        right.Headers.Add("X-Issuer-Token", AdminToken);
        var issued = await http.SendAsync(right);

        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal(401, (int)wrongResponse.StatusCode);
        Assert.Equal(200, (int)issued.StatusCode);
        var answer = JsonNode.Parse(await issued.Content.ReadAsStringAsync())!;
        Assert.Equal("Bearer", answer["token_type"]!.GetValue<string>());
        Assert.Equal(120, answer["expires_in"]!.GetValue<int>());
        var token = answer["access_token"]!.GetValue<string>();

        using var raw = new RawMcp(host.McpEndpoint);
        var call = raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "hi" } });
        call.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        Assert.Equal(200, (await raw.SendAsync(call)).Status);
        var record = Assert.Single(recorded.Records);
        Assert.Equal("bob", record.UserId);
        Assert.Equal("ws-1", record.Tenant);
        Assert.Equal(["developer"], record.Roles);
        Assert.DoesNotContain(recorded.LogLines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(AdminToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"user_id\":\"bob\",\"user_id\":\"eve\"}")]
    [InlineData("{\"user_id\":\"\\ud800\"}")]
    [InlineData("{\"user_id\":\"bob\"")]
    public async Task PostToken_WithABodyTheStrictReaderRefuses_Is400_WithoutAnErrorLogged(string body)
    {
        var recorded = new RecordingServices();
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), DevelopmentEnvironment(), services: recorded.Register);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseAddress, "/token")) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Issuer-Token", AdminToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_request", answer["error"]!.GetValue<string>());
        Assert.StartsWith("Parse error:", answer["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(recorded.LogEntries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task PostToken_InProduction_DoesNotExist()
    {
        var env = TestTokens.GatewayEnvironment();
        await using var host = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), env);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseAddress, "/token")) { Content = JsonContent.Create(new { user_id = "x" }) };
        request.Headers.Add("X-Issuer-Token", AdminToken);

        var response = await http.SendAsync(request);

        Assert.NotEqual(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("JWT_ISSUER_ADMIN_TOKEN", AdminToken, "development token issuer")]
    [InlineData("JWT_SECRET_KEY", JwtOptions.DevelopmentSecret, "development secret")]
    public void ProductionStart_WithDevelopmentSettings_IsAConfigError(string variable, string value, string message)
    {
        var env = new Dictionary<string, string> { ["JWT_SECRET_KEY"] = TestTokens.Secret, ["ASPNETCORE_ENVIRONMENT"] = "Production", [variable] = value };

        var (_, errors) = GatewayOptionsReader.Read([], name => env.GetValueOrDefault(name));

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("JWT_SECRET_KEY", "short", "too short")]
    [InlineData("JWT_ALLOWED_ALGORITHMS", "HS256,RS256", "confusion")]
    [InlineData("JWT_ALLOWED_ALGORITHMS", "none", "'none' is not one of")]
    [InlineData("GATEWAY_AUTH_MODE", "basic", "GATEWAY_AUTH_MODE")]
    [InlineData("JWT_CLOCK_SKEW_SECONDS", "-1", "JWT_CLOCK_SKEW_SECONDS")]
    public void BadJwtSettings_AreConfigErrors(string variable, string value, string message)
    {
        var env = new Dictionary<string, string> { ["JWT_SECRET_KEY"] = TestTokens.Secret, [variable] = value };

        var (_, errors) = GatewayOptionsReader.Read([], name => env.GetValueOrDefault(name));

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains(TestTokens.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreJwtHs256With30SecondsSkew()
    {
        var env = new Dictionary<string, string> { ["JWT_SECRET_KEY"] = TestTokens.Secret };

        var (options, errors) = GatewayOptionsReader.Read([], name => env.GetValueOrDefault(name));

        Assert.Empty(errors);
        Assert.Equal("jwt", options.AuthMode);
        Assert.Equal(["HS256"], options.Jwt.AllowedAlgorithms);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Jwt.ClockSkew);
        Assert.Null(options.Jwt.IssuerAdminToken);
        Assert.DoesNotContain(TestTokens.Secret, options.Jwt.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenVerb_PrintsAValidTokenInDevelopment_AndRefusesInProduction()
    {
        var development = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["JWT_SECRET_KEY"] = null, ["GATEWAY_AUTH_MODE"] = null };
        await using (var child = GatewayProcess.Run(["token", "--user-id", "carol", "--roles", "admin,viewer", "--workspace", "w1", "--expires-in-seconds", "300"], development))
        {
            await child.Exited.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, child.ExitCode);
            var token = child.Lines.Single(l => l.StartsWith("eyJ", StringComparison.Ordinal));
            var options = new JwtOptions { SecretKey = JwtOptions.DevelopmentSecret };
            var validator = new JwtTokenValidator(options, new SecretKeyProvider(JwtOptions.DevelopmentSecret), TimeProvider.System);
            var (caller, failure) = await validator.ValidateAsync(token, CancellationToken.None);
            Assert.Equal(JwtFailure.None, failure);
            Assert.Equal("carol", caller!.UserId);
            Assert.Equal(["admin", "viewer"], caller.Roles);
            Assert.Equal("w1", caller.Tenant);
        }

        var production = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = null, ["JWT_SECRET_KEY"] = TestTokens.Secret };
        await using (var child = GatewayProcess.Run(["token", "--user-id", "carol", "--roles", "admin"], production))
        {
            await child.Exited.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, child.ExitCode);
            Assert.Contains("development only", child.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("eyJ", child.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProductionServe_WithTheDevelopmentSecret_IsRefusedAtStartup()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends: []\n");
        var env = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["JWT_SECRET_KEY"] = JwtOptions.DevelopmentSecret, ["JWT_ISSUER_ADMIN_TOKEN"] = AdminToken, ["GATEWAY_AUTH_MODE"] = null };
        await using var gateway = GatewayProcess.Run(["--urls", $"http://127.0.0.1:{FreePort.Next()}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], env);

        await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("development secret", gateway.Output, StringComparison.Ordinal);
        Assert.Contains("development token issuer", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(JwtOptions.DevelopmentSecret, gateway.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> DevelopmentEnvironment() => new()
    {
        ["GATEWAY_AUTH_MODE"] = "jwt",
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["JWT_ISSUER_ADMIN_TOKEN"] = AdminToken,
    };
}
