using McpGateway.Core.Approvals;
using McpGateway.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>Approvals in the <c>approvals</c> table; decisions and uses are single conditional <c>UPDATE</c>s.</summary>
internal sealed class SqliteApprovalStore(SqliteDatabase database) : IApprovalStore
{
    private const string Columns =
        "id, user_id, tenant, tool, backend, risk, arguments, arguments_digest, rule_id, policy_version, status, created_at, expires_at, decided_at, decided_by, reason, used_at";

    /// <summary>The newest pending, unexpired approval of a user for a tool and arguments.</summary>
    private const string PendingSql =
        $"SELECT {Columns} FROM approvals WHERE user_id = $user_id AND tool = $tool AND arguments_digest = $digest AND status = 'pending' AND expires_at > $now ORDER BY created_at DESC LIMIT 1";

    public Task AddAsync(Approval approval, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        using var transaction = SqliteDatabase.BeginWrite(connection);
        Insert(transaction, approval);
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>One write transaction (<c>BEGIN IMMEDIATE</c>): the look-up and the insert see no other writer in between.</summary>
    public Task<Approval> AddPendingAsync(Approval approval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        using var transaction = SqliteDatabase.BeginWrite(connection);
        var pending = transaction.Query(
            PendingSql,
            Read,
            ("$user_id", approval.UserId),
            ("$tool", approval.Tool),
            ("$digest", approval.ArgumentsDigest),
            ("$now", now.ToUnixTimeMilliseconds())).SingleOrDefault();
        if (pending is null)
        {
            Insert(transaction, approval);
        }

        transaction.Commit();
        return Task.FromResult(pending ?? approval);
    }

    private static void Insert(SqliteTransaction transaction, Approval approval) =>
        transaction.Execute(
            $"""
            INSERT INTO approvals ({Columns})
            VALUES ($id, $user_id, $tenant, $tool, $backend, $risk, $arguments, $digest, $rule_id, $policy_version, $status, $created_at, $expires_at, NULL, NULL, NULL, NULL)
            """,
            ("$id", approval.Id),
            ("$user_id", approval.UserId),
            ("$tenant", approval.Tenant),
            ("$tool", approval.Tool),
            ("$backend", approval.Backend),
            ("$risk", approval.Risk),
            ("$arguments", approval.Arguments),
            ("$digest", approval.ArgumentsDigest),
            ("$rule_id", approval.RuleId),
            ("$policy_version", approval.PolicyVersion),
            ("$status", Approval.Name(approval.Status)),
            ("$created_at", approval.CreatedAt.ToUnixTimeMilliseconds()),
            ("$expires_at", approval.ExpiresAt.ToUnixTimeMilliseconds()));

    public Task<Approval?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        return Task.FromResult(connection.Query($"SELECT {Columns} FROM approvals WHERE id = $id", Read, ("$id", id)).SingleOrDefault());
    }

    public Task<Approval?> FindPendingAsync(string userId, string tool, string argumentsDigest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        return Task.FromResult(connection.Query(
            PendingSql,
            Read,
            ("$user_id", userId),
            ("$tool", tool),
            ("$digest", argumentsDigest),
            ("$now", now.ToUnixTimeMilliseconds())).SingleOrDefault());
    }

    public Task<IReadOnlyList<Approval>> ListAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var filter = status switch
        {
            null => "1 = 1",
            ApprovalStatus.Expired => "status IN ('pending', 'approved') AND expires_at <= $now",
            ApprovalStatus.Pending or ApprovalStatus.Approved => "status = $status AND expires_at > $now",
            _ => "status = $status",
        };
        using var connection = database.Open();
        IReadOnlyList<Approval> rows = connection.Query(
            $"SELECT {Columns} FROM approvals WHERE {filter} ORDER BY created_at DESC, id LIMIT $limit",
            Read,
            ("$status", status is { } s ? Approval.Name(s) : null),
            ("$now", now.ToUnixTimeMilliseconds()),
            ("$limit", limit));
        return Task.FromResult(rows);
    }

    public Task<Approval?> DecideAsync(string id, ApprovalStatus decision, string decidedBy, string? reason, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (decision is not (ApprovalStatus.Approved or ApprovalStatus.Rejected))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "An approval is approved or rejected.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        var updated = connection.Query(
            $"""
            UPDATE approvals SET status = $status, decided_at = $now, decided_by = $by, reason = $reason, expires_at = $expires_at
            WHERE id = $id AND status = 'pending' AND expires_at > $now
            RETURNING {Columns}
            """,
            Read,
            ("$id", id),
            ("$status", Approval.Name(decision)),
            ("$now", now.ToUnixTimeMilliseconds()),
            ("$by", decidedBy),
            ("$reason", reason),
            ("$expires_at", expiresAt.ToUnixTimeMilliseconds()));
        return Task.FromResult(updated.SingleOrDefault());
    }

    public Task<bool> TryUseAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        var changed = connection.Execute(
            "UPDATE approvals SET status = 'used', used_at = $now WHERE id = $id AND status = 'approved' AND expires_at > $now",
            ("$id", id),
            ("$now", now.ToUnixTimeMilliseconds()));
        return Task.FromResult(changed == 1);
    }

    private static Approval Read(SqliteDataReader r) => ApprovalRows.Read(r, EngineColumns.Sqlite);
}
