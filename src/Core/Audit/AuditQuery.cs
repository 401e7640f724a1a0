namespace McpGateway.Core.Audit;

/// <summary>Filters of the admin audit API; every filter given must match. Paging goes backwards from <see cref="BeforeId"/>.</summary>
public sealed record AuditQuery
{
    public string? UserId { get; init; }

    /// <summary>The tool or prompt name, or resource URI.</summary>
    public string? Name { get; init; }

    public string? Decision { get; init; }

    public string? Outcome { get; init; }

    /// <summary>Records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Records before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only records with a smaller id (the cursor of the previous page).</summary>
    public long? BeforeId { get; init; }

    /// <summary>Page size.</summary>
    /// <value>100</value>
    public int Limit { get; init; } = 100;
}
