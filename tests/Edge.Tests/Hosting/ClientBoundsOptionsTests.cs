using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The client bounds' settings (<c>GATEWAY_MAX_SESSIONS_PER_USER</c> …): defaults, values, and every error at once.</summary>
public sealed class ClientBoundsOptionsTests
{
    private static readonly Dictionary<string, string> AuthNone = new() { ["GATEWAY_AUTH_MODE"] = "none" };

    [Fact]
    public void Unset_GivesTheDocumentedDefaults()
    {
        var (options, errors) = GatewayOptionsReader.Read([], AuthNone.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal(100, options.Clients.MaxSessionsPerUser);
        Assert.Equal(60, options.Clients.InitializePerMinute);
        Assert.Equal(16384, options.Clients.MaxClientInfoBytes);
        Assert.Equal(256, options.Clients.StreamMaxPendingMessages);
        Assert.Equal(16L * 1024 * 1024, options.Clients.StreamMaxPendingBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Clients.BodyReadTimeout);
        Assert.Equal(10_000, options.Clients.MaxConnections);
    }

    [Fact]
    public void Values_AreRead()
    {
        var env = new Dictionary<string, string>(AuthNone)
        {
            ["GATEWAY_MAX_SESSIONS_PER_USER"] = "5",
            ["GATEWAY_INITIALIZE_PER_MINUTE"] = "12",
            ["GATEWAY_MAX_CLIENT_INFO_BYTES"] = "2048",
            ["GATEWAY_STREAM_MAX_PENDING_MESSAGES"] = "9",
            ["GATEWAY_STREAM_MAX_PENDING_BYTES"] = "65536",
            ["GATEWAY_BODY_READ_TIMEOUT_SECONDS"] = "2.5",
            ["GATEWAY_MAX_CONNECTIONS"] = "0",
        };

        var (options, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        Assert.Empty(errors);
        Assert.Equal(
            new ClientBounds
            {
                MaxSessionsPerUser = 5,
                InitializePerMinute = 12,
                MaxClientInfoBytes = 2048,
                StreamMaxPendingMessages = 9,
                StreamMaxPendingBytes = 65536,
                BodyReadTimeout = TimeSpan.FromSeconds(2.5),
                MaxConnections = 0,
            },
            options.Clients);
    }

    [Fact]
    public void BadValues_AreAllReported()
    {
        var env = new Dictionary<string, string>(AuthNone)
        {
            ["GATEWAY_MAX_SESSIONS_PER_USER"] = "0",
            ["GATEWAY_INITIALIZE_PER_MINUTE"] = "fast",
            ["GATEWAY_MAX_CLIENT_INFO_BYTES"] = "10",
            ["GATEWAY_STREAM_MAX_PENDING_MESSAGES"] = "-1",
            ["GATEWAY_BODY_READ_TIMEOUT_SECONDS"] = "0",
            ["GATEWAY_MAX_CONNECTIONS"] = "many",
        };

        var (_, errors) = GatewayOptionsReader.Read([], env.GetValueOrDefault);

        foreach (var variable in env.Keys.Where(k => k.StartsWith("GATEWAY_", StringComparison.Ordinal) && k != "GATEWAY_AUTH_MODE"))
        {
            Assert.Contains(errors, e => e.StartsWith(variable + ":", StringComparison.Ordinal));
        }
    }
}
