namespace McpGateway.Grains;

/// <summary>The grain storage the grains persist their state in (registered by the silo under this name).</summary>
public static class GrainStorage
{
    public const string Name = "grains";
}
