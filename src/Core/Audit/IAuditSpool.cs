namespace McpGateway.Core.Audit;

/// <summary>
/// A local, durable holding area for audit records while the store cannot take them. A batch appended is on disk
/// (fsync'd) when <see cref="AppendAsync"/> returns; batches come back oldest first and stay until removed.
/// </summary>
public interface IAuditSpool
{
    /// <summary>Records waiting in the spool.</summary>
    long Records { get; }

    /// <summary>Bytes the spool takes on disk.</summary>
    long Bytes { get; }

    bool IsEmpty => Records == 0;

    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken);

    /// <summary>The oldest batch still spooled, or null.</summary>
    Task<SpooledBatch?> PeekAsync(CancellationToken cancellationToken);

    /// <summary>Removes a batch once the store holds it.</summary>
    Task RemoveAsync(SpooledBatch batch, CancellationToken cancellationToken);
}

/// <summary>One spooled batch.</summary>
public sealed record SpooledBatch(string Id, IReadOnlyList<AuditRecord> Records, long Bytes);
