namespace McpGateway.Tests.Common;

/// <summary>
/// Several gateway nodes on one machine each need their own silo port (the default, 11111, is one port): a node on
/// PostgreSQL started by a test without <c>GATEWAY_SILO_PORT</c> gets a free loopback port and advertises 127.0.0.1.
/// Embedded nodes need nothing (their silo takes any free loopback port).
/// </summary>
public static class SiloPorts
{
    public static IReadOnlyDictionary<string, string?>? Assign(IReadOnlyDictionary<string, string?>? environment)
    {
        if (environment is null || !environment.TryGetValue("DATABASE_URL", out var url) || string.IsNullOrEmpty(url) || environment.ContainsKey("GATEWAY_SILO_PORT"))
        {
            return environment;
        }

        var assigned = new Dictionary<string, string?>(environment)
        {
            ["GATEWAY_SILO_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        assigned.TryAdd("GATEWAY_SILO_ADVERTISED_ADDRESS", "127.0.0.1");
        return assigned;
    }
}
