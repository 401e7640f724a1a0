namespace McpGateway.Core.Audit;

/// <summary>A record could be written neither to the store nor to the spool: the call it describes must not be acknowledged.</summary>
public sealed class AuditUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
