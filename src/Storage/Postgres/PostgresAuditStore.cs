using System.Runtime.CompilerServices;
using System.Text;
using McpGateway.Core.Audit;
using McpGateway.Storage.Audit;
using Npgsql;
using NpgsqlTypes;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// The PostgreSQL engine's audit log (migration 002). A batch is one transaction: the chain's head row is locked
/// (<c>FOR UPDATE</c>, so several writers of one chain take turns), event ids already stored are left out, and the rest
/// goes in with one binary <c>COPY</c>; the head moves in the same transaction.
/// </summary>
internal sealed class PostgresAuditStore(PostgresDatabase database, TimeProvider time) : IAuditStore
{
    private const string Time = "(extract(epoch FROM time) * 1000000)::bigint";
    private const string Roles = "array_to_json(roles)::text";

    public async Task<int> AppendAsync(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long headSeq = 0;
        var headHash = AuditChainState.Genesis;
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command("INSERT INTO audit_chains (chain, head_seq, head_hash) VALUES (@chain, 0, @genesis) ON CONFLICT (chain) DO NOTHING",
                P("chain", chain), P("genesis", AuditChainState.Genesis)));
            batch.BatchCommands.Add(Command("SELECT head_seq, head_hash FROM audit_chains WHERE chain = @chain FOR UPDATE", P("chain", chain)));
            batch.BatchCommands.Add(Command("SELECT event_id FROM audit_log WHERE event_id = ANY(@ids)", P("ids", records.Select(r => r.EventId).ToArray())));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                (headSeq, headHash) = (reader.GetInt64(0), reader.GetString(1));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add(reader.GetString(0));
            }
        }

        var fresh = records.Where(r => stored.Add(r.EventId)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var entries = hasher.Seal(chain, headSeq, headHash, fresh);
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY audit_log ({AuditColumns.Insert}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var entry in entries)
            {
                await WriteRowAsync(copy, entry, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        var last = entries[^1];
        await connection.ExecuteAsync(transaction, "UPDATE audit_chains SET head_seq = @seq, head_hash = @hash WHERE chain = @chain", cancellationToken,
            P("chain", chain), P("seq", last.Sequence), P("hash", last.Hash));
        await transaction.CommitAsync(cancellationToken);
        return entries.Count;
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter copy, AuditEntry entry, CancellationToken cancellationToken)
    {
        var r = entry.Record;
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(entry.Chain, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(entry.PreviousHash, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(entry.Hash, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(r.EventId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(r.Time.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
        await copy.WriteAsync(r.RequestId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(r.CorrelationId, NpgsqlDbType.Text, cancellationToken);
        await Text(copy, r.TraceId, cancellationToken);
        await copy.WriteAsync(r.UserId, NpgsqlDbType.Text, cancellationToken);
        await Text(copy, r.Tenant, cancellationToken);
        await copy.WriteAsync(r.Roles.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        await Text(copy, r.Client, cancellationToken);
        await copy.WriteAsync(r.Endpoint, NpgsqlDbType.Text, cancellationToken);
        await Text(copy, r.Scope, cancellationToken);
        await copy.WriteAsync(r.Method, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(r.Name, NpgsqlDbType.Text, cancellationToken);
        await Text(copy, r.Backend, cancellationToken);
        await Text(copy, r.Decision, cancellationToken);
        await Text(copy, r.RuleId, cancellationToken);
        await Text(copy, r.PolicyVersion, cancellationToken);
        await copy.WriteAsync(r.Outcome, NpgsqlDbType.Text, cancellationToken);
        await Text(copy, r.ErrorKind, cancellationToken);
        await Text(copy, r.Reason, cancellationToken);
        await copy.WriteAsync(AuditTime.LatencyMicroseconds(r.LatencyMs), NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(r.RequestBytes, NpgsqlDbType.Bigint, cancellationToken);
        await copy.WriteAsync(r.ResponseBytes, NpgsqlDbType.Bigint, cancellationToken);
        await Text(copy, r.ArgumentsDigest, cancellationToken);
        await Text(copy, r.Arguments, cancellationToken);
    }

    private static Task Text(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE true");
        var parameters = new List<NpgsqlParameter>();
        void Filter(string column, string op, object? value)
        {
            if (value is not null)
            {
                where.Append($" AND {column} {op} @f{parameters.Count}");
                parameters.Add(P($"f{parameters.Count}", value));
            }
        }

        Filter("user_id", "=", query.UserId);
        Filter("name", "=", query.Name);
        Filter("decision", "=", query.Decision);
        Filter("outcome", "=", query.Outcome);
        Filter("time", ">=", query.From?.ToUniversalTime());
        Filter("time", "<", query.To?.ToUniversalTime());
        Filter("id", "<", query.BeforeId);
        parameters.Add(P("limit", query.Limit + 1));

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, $"SELECT {AuditColumns.Select(Time, Roles)} FROM audit_log {where} ORDER BY id DESC LIMIT @limit",
            AuditColumns.Read, cancellationToken, parameters);
        return rows.Count > query.Limit
            ? new AuditPage(rows[..query.Limit], rows[query.Limit - 1].Id)
            : new AuditPage(rows, null);
    }

    public async Task<IReadOnlyList<AuditChainState>> GetChainsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT chain, head_seq, head_hash, anchor_seq, anchor_hash FROM audit_chains ORDER BY chain COLLATE \"C\"",
            r => new AuditChainState(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4)), cancellationToken);
    }

    public async IAsyncEnumerable<AuditEntry> ReadChainAsync(string chain, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {AuditColumns.Select(Time, Roles)} FROM audit_log WHERE chain = @chain ORDER BY seq", connection);
        command.Parameters.Add(P("chain", chain));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return AuditColumns.Read(reader);
        }
    }

    public async Task<long> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cutoff = olderThan.ToUniversalTime();
        long purged = 0;
        var chains = await connection.QueryAsync(transaction, "SELECT chain, head_seq, anchor_seq FROM audit_chains ORDER BY chain FOR UPDATE",
            r => (Chain: r.GetString(0), Head: r.GetInt64(1), Anchor: r.GetInt64(2)), cancellationToken);
        foreach (var (chain, head, anchor) in chains)
        {
            // The prefix up to the first record that is not old enough: a purge never leaves a hole in a chain.
            var keep = (await connection.QueryAsync(transaction, "SELECT MIN(seq) FROM audit_log WHERE chain = @chain AND seq > @anchor AND time >= @cutoff",
                r => r.IsDBNull(0) ? head + 1 : r.GetInt64(0), cancellationToken, P("chain", chain), P("anchor", anchor), P("cutoff", cutoff)))[0];
            var last = keep - 1;
            var lastHash = await connection.QueryAsync(transaction, "SELECT hash FROM audit_log WHERE chain = @chain AND seq = @seq", r => r.GetString(0),
                cancellationToken, P("chain", chain), P("seq", last));
            if (last <= anchor || lastHash.Count == 0)
            {
                continue;
            }

            await connection.ExecuteAsync(transaction, "UPDATE audit_chains SET anchor_seq = @seq, anchor_hash = @hash WHERE chain = @chain", cancellationToken,
                P("chain", chain), P("seq", last), P("hash", lastHash[0]));
            var removed = await connection.ExecuteAsync(transaction, "DELETE FROM audit_log WHERE chain = @chain AND seq <= @seq", cancellationToken,
                P("chain", chain), P("seq", last));
            await connection.ExecuteAsync(transaction,
                "INSERT INTO audit_purges (chain, anchor_seq, anchor_hash, older_than, records, purged_at) VALUES (@chain, @seq, @hash, @cutoff, @records, @at)",
                cancellationToken, P("chain", chain), P("seq", last), P("hash", lastHash[0]), P("cutoff", cutoff), P("records", (long)removed), P("at", time.GetUtcNow()));
            purged += removed;
        }

        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }
}
