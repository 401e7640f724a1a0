using System.Globalization;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// The randomized run's settings: <c>MCPGW_HOSTILE_SEED</c> replays a run (its seed is printed in the test output and
/// in every failure), else a new seed is drawn; <c>MCPGW_HOSTILE_SECONDS</c> is the time budget (default 60 s).
/// </summary>
public static class HostileSeed
{
    public const string SeedVariable = "MCPGW_HOSTILE_SEED";

    public const string SecondsVariable = "MCPGW_HOSTILE_SECONDS";

    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();

    public static TimeSpan Budget { get; } =
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 60);

    public static string Replay => $"{SeedVariable}={Seed}";
}
