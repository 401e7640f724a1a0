namespace McpGateway.Core.Audit;

/// <summary>Receives one record per call that reached the pipeline, served or refused.</summary>
public interface IAuditSink
{
    /// <summary>
    /// Takes the record; a durable sink returns once the record survives a crash. Throws
    /// <see cref="AuditUnavailableException"/> when it cannot: the call must then not be acknowledged.
    /// </summary>
    ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>False while records cannot be made durable: calls are refused before they run.</summary>
    bool IsAvailable => true;
}
