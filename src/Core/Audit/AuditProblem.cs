namespace McpGateway.Core.Audit;

/// <summary>What the verifier found wrong with a chain.</summary>
public enum AuditProblemKind
{
    /// <summary>A record's fields no longer match its hash.</summary>
    Edited,

    /// <summary>Records are missing (deleted) from the chain, in the middle or at its end.</summary>
    Missing,

    /// <summary>A record is intact but stored at another place in the chain than it was written.</summary>
    Reordered,

    /// <summary>A record does not link to the record before it (one was replaced or inserted).</summary>
    Unlinked,
}

/// <summary>One finding of <c>mcpgw audit verify</c>.</summary>
/// <param name="Sequence">Where in the chain (the first missing sequence for <see cref="AuditProblemKind.Missing"/>).</param>
/// <param name="EventId">The record concerned, when there is one.</param>
public sealed record AuditProblem(string Chain, long Sequence, AuditProblemKind Kind, string? EventId, string Detail)
{
    public override string ToString() => $"chain {Chain} seq {Sequence}: {Kind.ToString().ToLowerInvariant()}{(EventId is null ? "" : $" (event {EventId})")}: {Detail}";
}
