namespace McpGateway.Core.Audit;

/// <summary>Receives one record per call that reached the pipeline, served or refused.</summary>
public interface IAuditSink
{
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken);
}
