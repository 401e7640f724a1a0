namespace McpGateway.Grains.Jobs;

/// <summary>A job grain's persisted state: the job as JSON (<c>JobCodec</c>); empty when there is no job.</summary>
public sealed class JobRecord
{
    public string Job { get; set; } = "";
}
