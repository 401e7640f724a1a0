using McpGateway.Core.Approvals;
using McpGateway.Storage.Rows;
using Npgsql;
using NpgsqlTypes;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Approvals in the <c>approvals</c> table; decisions and uses are single conditional <c>UPDATE</c>s, so under
/// PostgreSQL's row locking exactly one of many racing nodes changes a row.
/// </summary>
internal sealed class PostgresApprovalStore(PostgresDatabase database) : IApprovalStore
{
    private const string Columns =
        "id, user_id, tenant, tool, backend, risk, arguments::text, arguments_digest, rule_id, policy_version, status, created_at, expires_at, decided_at, decided_by, reason, used_at";

    /// <summary>The newest pending, unexpired approval of a user for a tool and arguments.</summary>
    private const string PendingSql =
        $"SELECT {Columns} FROM approvals WHERE user_id = @user_id AND tool = @tool AND arguments_digest = @digest AND status = 'pending' AND expires_at > @now ORDER BY created_at DESC LIMIT 1";

    public async Task AddAsync(Approval approval, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, approval, cancellationToken);
    }

    /// <summary>
    /// One transaction holding a transaction-level advisory lock on the (user, tool, arguments) key: calls of the same
    /// key from any node take turns between the look-up and the insert; other keys do not wait.
    /// </summary>
    public async Task<Approval> AddPendingAsync(Approval approval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            transaction,
            "SELECT pg_advisory_xact_lock(hashtextextended('approval:' || @user_id || chr(10) || @tool || chr(10) || @digest, 0))",
            cancellationToken,
            P("user_id", approval.UserId),
            P("tool", approval.Tool),
            P("digest", approval.ArgumentsDigest));
        var pending = (await connection.QueryAsync(
            transaction,
            PendingSql,
            Read,
            cancellationToken,
            P("user_id", approval.UserId),
            P("tool", approval.Tool),
            P("digest", approval.ArgumentsDigest),
            P("now", now.ToUniversalTime()))).SingleOrDefault();
        if (pending is null)
        {
            await InsertAsync(connection, transaction, approval, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return pending ?? approval;
    }

    private static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Approval approval, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            transaction,
            """
            INSERT INTO approvals (id, user_id, tenant, tool, backend, risk, arguments, arguments_digest, rule_id, policy_version, status, created_at, expires_at)
            VALUES (@id, @user_id, @tenant, @tool, @backend, @risk, @arguments, @digest, @rule_id, @policy_version, @status, @created_at, @expires_at)
            """,
            cancellationToken,
            P("id", approval.Id),
            P("user_id", approval.UserId),
            P("tenant", approval.Tenant),
            P("tool", approval.Tool),
            P("backend", approval.Backend),
            P("risk", approval.Risk),
            new NpgsqlParameter("arguments", NpgsqlDbType.Json) { Value = approval.Arguments },
            P("digest", approval.ArgumentsDigest),
            P("rule_id", approval.RuleId),
            P("policy_version", approval.PolicyVersion),
            P("status", Approval.Name(approval.Status)),
            P("created_at", approval.CreatedAt.ToUniversalTime()),
            P("expires_at", approval.ExpiresAt.ToUniversalTime()));

    public async Task<Approval?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync(null, $"SELECT {Columns} FROM approvals WHERE id = @id", Read, cancellationToken, P("id", id))).SingleOrDefault();
    }

    public async Task<Approval?> FindPendingAsync(string userId, string tool, string argumentsDigest, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync(
            null,
            PendingSql,
            Read,
            cancellationToken,
            P("user_id", userId),
            P("tool", tool),
            P("digest", argumentsDigest),
            P("now", now.ToUniversalTime()))).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Approval>> ListAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var filter = status switch
        {
            null => "TRUE",
            ApprovalStatus.Expired => "status IN ('pending', 'approved') AND expires_at <= @now",
            ApprovalStatus.Pending or ApprovalStatus.Approved => "status = @status AND expires_at > @now",
            _ => "status = @status",
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            null,
            $"SELECT {Columns} FROM approvals WHERE {filter} ORDER BY created_at DESC, id COLLATE \"C\" LIMIT @limit",
            Read,
            cancellationToken,
            new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = status is { } s ? Approval.Name(s) : DBNull.Value },
            P("now", now.ToUniversalTime()),
            P("limit", limit));
    }

    public async Task<Approval?> DecideAsync(string id, ApprovalStatus decision, string decidedBy, string? reason, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (decision is not (ApprovalStatus.Approved or ApprovalStatus.Rejected))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "An approval is approved or rejected.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync(
            null,
            $"""
            UPDATE approvals SET status = @status, decided_at = @now, decided_by = @by, reason = @reason, expires_at = @expires_at
            WHERE id = @id AND status = 'pending' AND expires_at > @now
            RETURNING {Columns}
            """,
            Read,
            cancellationToken,
            P("id", id),
            P("status", Approval.Name(decision)),
            P("now", now.ToUniversalTime()),
            P("by", decidedBy),
            new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)reason ?? DBNull.Value },
            P("expires_at", expiresAt.ToUniversalTime()))).SingleOrDefault();
    }

    public async Task<bool> TryUseAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            null,
            "UPDATE approvals SET status = 'used', used_at = @now WHERE id = @id AND status = 'approved' AND expires_at > @now",
            cancellationToken,
            P("id", id),
            P("now", now.ToUniversalTime())) == 1;
    }

    private static Approval Read(NpgsqlDataReader r) => ApprovalRows.Read(r, EngineColumns.Postgres);
}
