using System.Globalization;

namespace McpGateway.Tests.Common.Gateway;

/// <summary>
/// The environment of a gateway node in tests, built in this one place for every node: the <c>mcpgw</c> processes of
/// <see cref="GatewayProcess"/> and <see cref="GatewayCluster"/>, and the nodes Edge.Tests hosts in its own process.
/// A setting every node needs of its own (a port, an id) is one line in <see cref="PerNode"/>.
/// </summary>
public static class NodeEnvironment
{
    /// <summary>
    /// What tests that are not about these settings run with: auth mode none (an anonymous admin on loopback), limits
    /// no test trips unless it is about limits (and sets its own), and the gateway's job tools off (they would join
    /// every listing; tests about jobs turn them on).
    /// </summary>
    public static IReadOnlyDictionary<string, string> TestDefaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GATEWAY_AUTH_MODE"] = "none",
        ["RATE_LIMIT_USER_PER_MINUTE"] = Unlimited,
        ["RATE_LIMIT_TOOL_PER_MINUTE"] = Unlimited,
        ["GATEWAY_INITIALIZE_PER_MINUTE"] = Unlimited,
        ["GATEWAY_MAX_SESSIONS_PER_USER"] = "1000000",
        ["GATEWAY_JOB_TOOLS"] = "false",
    };

    /// <summary>A per-minute rate (and so burst) no test reaches.</summary>
    public const string Unlimited = "1000000000";

    /// <summary>
    /// The settings each node gets of its own, whatever the test: the place for a per-node port or id the gateway reads
    /// from its environment. A test's own settings win over these. Every node gets a silo port of its own from
    /// <see cref="FreePort"/> (reserved for this test process): a node on PostgreSQL (<c>DATABASE_URL</c>) would
    /// otherwise take the default port (11111, one port for all nodes of one test, which form one Orleans cluster), and
    /// an embedded node a free loopback port the kernel may give to another process before its silo binds it. A node
    /// on PostgreSQL also advertises 127.0.0.1.
    /// </summary>
    public static Dictionary<string, string?> PerNode(IReadOnlyDictionary<string, string?> settings)
    {
        var own = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GATEWAY_SILO_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        if (settings.TryGetValue("DATABASE_URL", out var url) && !string.IsNullOrEmpty(url))
        {
            own["GATEWAY_SILO_ADVERTISED_ADDRESS"] = "127.0.0.1";
        }

        return own;
    }

    /// <summary>
    /// A node's environment: <paramref name="settings"/> (the test's; a null value removes a variable the node would
    /// inherit), over <see cref="PerNode"/>, over <see cref="TestDefaults"/> when <paramref name="testDefaults"/>.
    /// </summary>
    public static Dictionary<string, string?> Build(IEnumerable<KeyValuePair<string, string?>>? settings, bool testDefaults)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (testDefaults)
        {
            foreach (var (name, value) in TestDefaults)
            {
                environment[name] = value;
            }
        }

        var own = new Dictionary<string, string?>(settings ?? [], StringComparer.Ordinal);
        foreach (var (name, value) in PerNode(own))
        {
            environment[name] = value;
        }

        foreach (var (name, value) in own)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>A number as the environment carries it.</summary>
    public static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
