namespace McpGateway.Core.Approvals;

/// <summary>
/// Durable approvals. Every change is one conditional write, so two nodes (or two requests) racing on one approval
/// cannot both win: a decision applies only to a pending, unexpired approval; a use only to an approved, unexpired one.
/// </summary>
public interface IApprovalStore
{
    Task AddAsync(Approval approval, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="approval"/> (pending) unless the same user already has a pending approval, unexpired at
    /// <paramref name="now"/>, for the same tool and arguments: then that one is returned and nothing is added. Held
    /// calls racing on any number of nodes end up with one pending approval.
    /// </summary>
    Task<Approval> AddPendingAsync(Approval approval, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Approval?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest pending, unexpired approval of this user for this tool and arguments, if any.</summary>
    Task<Approval?> FindPendingAsync(string userId, string tool, string argumentsDigest, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="status"/> filters by the status at <paramref name="now"/> (expired included).</summary>
    Task<IReadOnlyList<Approval>> ListAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Pending and unexpired at <paramref name="now"/> → <paramref name="decision"/> (approved or rejected) with a new
    /// expiry. Returns the updated approval, or null when it was not pending any more.
    /// </summary>
    Task<Approval?> DecideAsync(string id, ApprovalStatus decision, string decidedBy, string? reason, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Approved and unexpired at <paramref name="now"/> → used. True for exactly one caller.</summary>
    Task<bool> TryUseAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);
}
