namespace McpGateway.Core.Audit;

/// <summary>A record as stored: its place in its chain and the hashes that link it to its predecessor.</summary>
/// <param name="Id">The store's global, increasing id (the admin API's paging key).</param>
/// <param name="Chain">The hash chain (one per node).</param>
/// <param name="Sequence">1, 2, 3 … within the chain.</param>
/// <param name="PreviousHash">The hash of the record before it (or of the purge anchor, or 64 zeros for the first).</param>
/// <param name="Hash">Hash of the chain, sequence, previous hash and every field of the record.</param>
public sealed record AuditEntry(long Id, string Chain, long Sequence, string PreviousHash, string Hash, AuditRecord Record);
