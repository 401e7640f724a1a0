using McpGateway.Core.Audit;

namespace McpGateway.Storage.Tests.Audit;

/// <summary>A real spool that can be made to fail its appends (a full or broken disk).</summary>
internal sealed class FaultySpool(IAuditSpool inner) : IAuditSpool
{
    public volatile bool Broken;

    public long Records => inner.Records;

    public long Bytes => inner.Bytes;

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken) =>
        Broken ? throw new IOException("disk full") : inner.AppendAsync(records, cancellationToken);

    public Task<SpooledBatch?> PeekAsync(CancellationToken cancellationToken) => inner.PeekAsync(cancellationToken);

    public Task RemoveAsync(SpooledBatch batch, CancellationToken cancellationToken) => inner.RemoveAsync(batch, cancellationToken);
}
