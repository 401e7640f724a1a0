namespace McpGateway.Core.Audit;

/// <summary>
/// The durable, append-only audit log of an engine. There is no update and no delete: only <see cref="PurgeAsync"/>
/// removes the oldest records of a chain, leaving an anchor so that what remains still verifies.
/// </summary>
public interface IAuditStore
{
    /// <summary>
    /// Appends <paramref name="records"/> in order to <paramref name="chain"/> in one transaction, sealed by
    /// <paramref name="hasher"/> after the chain's current head. Records whose event id is already stored are skipped
    /// (a retried write never duplicates). Returns how many were appended.
    /// </summary>
    Task<int> AppendAsync(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher, CancellationToken cancellationToken);

    /// <summary>One page of records, newest first, matching <paramref name="query"/>.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Every chain with its head and purge anchor.</summary>
    Task<IReadOnlyList<AuditChainState>> GetChainsAsync(CancellationToken cancellationToken);

    /// <summary>The stored records of a chain in sequence order, as stored (nothing checked).</summary>
    IAsyncEnumerable<AuditEntry> ReadChainAsync(string chain, CancellationToken cancellationToken);

    /// <summary>
    /// Removes, per chain, the longest prefix of records older than <paramref name="olderThan"/>, moving the chain's
    /// anchor to the last one removed. Returns how many records were removed.
    /// </summary>
    Task<long> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
