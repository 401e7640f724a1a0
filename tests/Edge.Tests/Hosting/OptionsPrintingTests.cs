using McpGateway.Edge.Hosting;
using McpGateway.Upstreams;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The settings records print (logs, exceptions, debuggers) without any secret they hold.</summary>
public sealed class OptionsPrintingTests
{
    private const string JwtSecret = "jwt-secret-4f1c2a9e-0b7d-4e8a-9c55-2d6f1e3a7b90";
    private const string IssuerToken = "issuer-token-7a3e5c19d2b84f60";
    private const string SharedSecret = "shared-secret-91b2c3d4e5f60718";
    private const string DatabasePassword = "db-password-5e6f7a8b9c0d";
    private const string HmacKey = "hmac-key-0a1b2c3d4e5f6a7b";

    [Fact]
    public void GatewayOptions_PrintNoSecret()
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["JWT_SECRET_KEY"] = JwtSecret,
            ["JWT_ISSUER_ADMIN_TOKEN"] = IssuerToken,
            ["TOOL_GATEWAY_SHARED_SECRET"] = SharedSecret,
            ["DATABASE_URL"] = $"postgres://gateway:{DatabasePassword}@db.example:5433/mcpgw",
            ["GATEWAY_AUDIT_HMAC_KEY"] = HmacKey,
        };
        var (options, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);
        Assert.Empty(errors);
        Assert.Equal(JwtSecret, options.Jwt.SecretKey);
        Assert.Equal(IssuerToken, options.Jwt.IssuerAdminToken);
        Assert.Equal(SharedSecret, options.ToolSharedSecret);
        Assert.NotNull(options.Audit.HmacKey);

        var printed = options.ToString();

        AssertNoSecret(printed);
        Assert.Contains("ToolSharedSecret = [redacted]", printed);
        Assert.Contains("postgres://gateway@db.example:5433/mcpgw", printed);
        Assert.Contains("HmacKey = [redacted]", printed);
        Assert.Contains("MaxBodyBytes = 10485760", printed);
        AssertNoSecret($"{options with { NodeId = "n1" }}");
    }

    [Fact]
    public void GatewayOptions_WithoutSecrets_SayNone()
    {
        var (options, errors) = GatewayOptionsReader.Read([], new Dictionary<string, string> { ["GATEWAY_AUTH_MODE"] = "none" }.GetValueOrDefault);
        Assert.Empty(errors);

        var printed = options.ToString();

        Assert.StartsWith("GatewayOptions { ", printed);
        Assert.Contains("ToolSharedSecret = (none)", printed);
        Assert.Contains("HmacKey = (none)", printed);
        Assert.Contains("Database = (embedded)", printed);
    }

    [Fact]
    public void UpstreamOptions_PrintNoSecret()
    {
        var options = new UpstreamOptions { SharedSecret = SharedSecret, DiscoveryFailuresToDrop = 7 };

        var printed = options.ToString();

        Assert.DoesNotContain(SharedSecret, printed);
        Assert.Contains("SharedSecret = [redacted]", printed);
        Assert.Contains("DiscoveryFailuresToDrop = 7", printed);
        Assert.Contains("SharedSecret = (none)", new UpstreamOptions().ToString());
    }

    private static void AssertNoSecret(string printed)
    {
        foreach (var secret in new[] { JwtSecret, IssuerToken, SharedSecret, DatabasePassword, HmacKey, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(HmacKey)), Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(HmacKey)) })
        {
            Assert.DoesNotContain(secret, printed, StringComparison.OrdinalIgnoreCase);
        }
    }
}
