namespace McpGateway.Grains.Traffic;

/// <summary>
/// The key of the <see cref="TimeProvider"/> the traffic grains read their clock from (a keyed service, so tests can
/// give the grains a fake clock while the silo itself runs on the real one).
/// </summary>
public static class GrainTime
{
    public const string Key = "mcpgw-traffic-grains";
}
