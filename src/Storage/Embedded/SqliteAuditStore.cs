using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using McpGateway.Core.Audit;
using McpGateway.Storage.Audit;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// The embedded engine's audit log (table <c>audit_log</c> of migration 002). A batch is one <c>BEGIN IMMEDIATE</c>
/// transaction in the WAL. By default with <c>synchronous = NORMAL</c>: when <see cref="AppendAsync"/> returns, the batch
/// is written to the WAL file (in the operating system's cache), so it survives the death of the process but not an OS
/// crash or power loss before the next checkpoint; with <paramref name="fsync"/> (<c>GATEWAY_AUDIT_FSYNC</c>)
/// <c>synchronous = FULL</c>: the batch is fsync'd before it returns (docs/audit.md, "What survives what").
/// </summary>
internal sealed class SqliteAuditStore(SqliteDatabase database, TimeProvider time, bool fsync = false) : IAuditStore, IDisposable
{
    private readonly SqliteAuditAppender _appender = new(database, fsync);

    public Task<int> AppendAsync(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher, CancellationToken cancellationToken) =>
        Task.FromResult(records.Count == 0 ? 0 : _appender.Append(chain, records, hasher));

    public void Dispose() => _appender.Dispose();

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        void Filter(string column, string op, object? value)
        {
            if (value is not null)
            {
                where.Append($" AND {column} {op} $f{parameters.Count}");
                parameters.Add(($"$f{parameters.Count}", value));
            }
        }

        Filter("user_id", "=", query.UserId);
        Filter("name", "=", query.Name);
        Filter("decision", "=", query.Decision);
        Filter("outcome", "=", query.Outcome);
        Filter("time", ">=", query.From is { } from ? AuditTime.ToMicroseconds(from) : null);
        Filter("time", "<", query.To is { } to ? AuditTime.ToMicroseconds(to) : null);
        Filter("id", "<", query.BeforeId);
        parameters.Add(("$limit", query.Limit + 1));

        using var connection = database.Open();
        var rows = connection.Query($"SELECT {AuditColumns.Select()} FROM audit_log {where} ORDER BY id DESC LIMIT $limit", AuditColumns.Read, [.. parameters]);
        return Task.FromResult(rows.Count > query.Limit
            ? new AuditPage(rows[..query.Limit], rows[query.Limit - 1].Id)
            : new AuditPage(rows, null));
    }

    public Task<IReadOnlyList<AuditChainState>> GetChainsAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        IReadOnlyList<AuditChainState> chains = connection.Query(
            "SELECT chain, head_seq, head_hash, anchor_seq, anchor_hash FROM audit_chains ORDER BY chain",
            r => new AuditChainState(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4)));
        return Task.FromResult(chains);
    }

    public async IAsyncEnumerable<AuditEntry> ReadChainAsync(string chain, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditColumns.Select()} FROM audit_log WHERE chain = $chain ORDER BY seq";
        command.Parameters.AddWithValue("$chain", chain);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return AuditColumns.Read(reader);
        }
    }

    public Task<long> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var cutoff = AuditTime.ToMicroseconds(olderThan);
        using var connection = database.Open();
        using var transaction = SqliteDatabase.BeginWrite(connection);
        long purged = 0;
        var chains = transaction.Query("SELECT chain, head_seq, anchor_seq FROM audit_chains", r => (Chain: r.GetString(0), Head: r.GetInt64(1), Anchor: r.GetInt64(2)));
        foreach (var (chain, head, anchor) in chains)
        {
            // The prefix up to the first record that is not old enough: a purge never leaves a hole in a chain.
            var keep = transaction.Query(
                "SELECT MIN(seq) FROM audit_log WHERE chain = $chain AND seq > $anchor AND time >= $cutoff",
                r => r.IsDBNull(0) ? head + 1 : r.GetInt64(0), ("$chain", chain), ("$anchor", anchor), ("$cutoff", cutoff))[0];
            var last = keep - 1;
            var lastHash = transaction.Query("SELECT hash FROM audit_log WHERE chain = $chain AND seq = $seq", r => r.GetString(0), ("$chain", chain), ("$seq", last));
            if (last <= anchor || lastHash.Count == 0)
            {
                continue;
            }

            transaction.Execute("UPDATE audit_chains SET anchor_seq = $seq, anchor_hash = $hash WHERE chain = $chain", ("$chain", chain), ("$seq", last), ("$hash", lastHash[0]));
            var removed = transaction.Execute("DELETE FROM audit_log WHERE chain = $chain AND seq <= $seq", ("$chain", chain), ("$seq", last));
            transaction.Execute(
                "INSERT INTO audit_purges (chain, anchor_seq, anchor_hash, older_than, records, purged_at) VALUES ($chain, $seq, $hash, $cutoff, $records, $at)",
                ("$chain", chain), ("$seq", last), ("$hash", lastHash[0]), ("$cutoff", cutoff), ("$records", removed), ("$at", AuditTime.ToMicroseconds(time.GetUtcNow())));
            purged += removed;
        }

        transaction.Commit();
        return Task.FromResult(purged);
    }
}
