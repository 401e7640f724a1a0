namespace McpGateway.Grains.Sessions;

/// <summary>The persisted part of a session grain: which node's observer holds the session's stream, and on which silo.</summary>
public sealed class SessionHolderState
{
    /// <summary>The holder observer's grain id (<see cref="Orleans.Runtime.GrainId"/> text); empty when no stream is held.</summary>
    public string Observer { get; set; } = "";

    public string NodeId { get; set; } = "";

    /// <summary>The holder's silo (<see cref="Orleans.Runtime.SiloAddress"/> parsable text).</summary>
    public string Silo { get; set; } = "";
}
