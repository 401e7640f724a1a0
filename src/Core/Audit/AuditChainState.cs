namespace McpGateway.Core.Audit;

/// <summary>
/// A chain's head (the last record appended, written in the same transaction) and its purge anchor (the last record
/// the retention purge removed): what the verifier checks the stored records against.
/// </summary>
public sealed record AuditChainState(string Chain, long HeadSequence, string HeadHash, long AnchorSequence, string AnchorHash)
{
    /// <summary>The previous hash of a chain's first record.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
}
