namespace McpGateway.Core.Audit;

/// <summary>A page of records, newest first; <see cref="NextBeforeId"/> is the cursor of the next page (null: the last page).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextBeforeId);
