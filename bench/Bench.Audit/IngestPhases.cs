using System.Diagnostics;
using McpGateway.Core.Audit;
using McpGateway.Storage.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace McpGateway.Bench.Audit;

/// <summary>
/// Audit ingest into PostgreSQL: the product's <see cref="AuditWriter"/> over the engine's audit store (every record
/// handed over at once, as by that many concurrent calls, each awaited until committed) against a raw binary
/// <c>COPY</c> of identical rows, already hashed, in transactions of the writer's batch size on one connection.
/// </summary>
internal sealed class IngestPhases(IAuditStore store, NpgsqlDataSource raw, string spoolFolder)
{
    private const string Columns =
        "chain, seq, prev_hash, hash, event_id, time, request_id, correlation_id, trace_id, user_id, tenant, roles, client, endpoint, scope, " +
        "method, name, backend, decision, rule_id, policy_version, outcome, error_kind, reason, latency_us, request_bytes, response_bytes, arguments_digest, arguments";

    private static readonly AuditOptions Defaults = new();

    /// <summary>Records per second through the writer; also how many transactions it took.</summary>
    public async Task<(double PerSecond, int Batches)> WriterAsync(string chain, int count)
    {
        var records = BenchRecords.Batch(chain, count);
        var spool = new FileAuditSpool(Path.Combine(spoolFolder, chain));
        var counting = new CountingStore(store);
        await using var writer = new AuditWriter(counting, spool, Defaults with { Chain = chain }, TimeProvider.System, NullLogger<AuditWriter>.Instance);
        writer.Start();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(records.Select(r => writer.WriteAsync(r, default).AsTask()));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (writer.Spooled > 0)
        {
            throw new InvalidOperationException($"The store refused {writer.Spooled} records during the benchmark: the run is not valid.");
        }

        return (count / seconds, counting.Appends);
    }

    /// <summary>Records per second of a raw binary COPY of the same rows (hashed beforehand, not timed).</summary>
    public async Task<double> RawCopyAsync(string chain, int count)
    {
        var entries = new AuditHasher().Seal(chain, 0, AuditChainState.Genesis, BenchRecords.Batch(chain, count));
        var started = Stopwatch.GetTimestamp();
        await using (var connection = await raw.OpenConnectionAsync())
        {
            foreach (var chunk in entries.Chunk(Defaults.MaxBatch))
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var copy = await connection.BeginBinaryImportAsync($"COPY audit_log ({Columns}) FROM STDIN (FORMAT BINARY)"))
                {
                    foreach (var entry in chunk)
                    {
                        await WriteRowAsync(copy, entry);
                    }

                    await copy.CompleteAsync();
                }

                await transaction.CommitAsync();
            }
        }

        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task WriteRowAsync(NpgsqlBinaryImporter copy, AuditEntry entry)
    {
        var r = entry.Record;
        await copy.StartRowAsync();
        await copy.WriteAsync(entry.Chain, NpgsqlDbType.Text);
        await copy.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint);
        await copy.WriteAsync(entry.PreviousHash, NpgsqlDbType.Text);
        await copy.WriteAsync(entry.Hash, NpgsqlDbType.Text);
        await copy.WriteAsync(r.EventId, NpgsqlDbType.Text);
        await copy.WriteAsync(r.Time.UtcDateTime, NpgsqlDbType.TimestampTz);
        await copy.WriteAsync(r.RequestId, NpgsqlDbType.Text);
        await copy.WriteAsync(r.CorrelationId, NpgsqlDbType.Text);
        await Text(copy, r.TraceId);
        await copy.WriteAsync(r.UserId, NpgsqlDbType.Text);
        await Text(copy, r.Tenant);
        await copy.WriteAsync(r.Roles.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        await Text(copy, r.Client);
        await copy.WriteAsync(r.Endpoint, NpgsqlDbType.Text);
        await Text(copy, r.Scope);
        await copy.WriteAsync(r.Method, NpgsqlDbType.Text);
        await copy.WriteAsync(r.Name, NpgsqlDbType.Text);
        await Text(copy, r.Backend);
        await Text(copy, r.Decision);
        await Text(copy, r.RuleId);
        await Text(copy, r.PolicyVersion);
        await copy.WriteAsync(r.Outcome, NpgsqlDbType.Text);
        await Text(copy, r.ErrorKind);
        await Text(copy, r.Reason);
        await copy.WriteAsync(AuditTime.LatencyMicroseconds(r.LatencyMs), NpgsqlDbType.Bigint);
        await copy.WriteAsync(r.RequestBytes, NpgsqlDbType.Bigint);
        await copy.WriteAsync(r.ResponseBytes, NpgsqlDbType.Bigint);
        await Text(copy, r.ArgumentsDigest);
        await Text(copy, r.Arguments);
    }

    private static Task Text(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Text);

    /// <summary>Counts the writer's transactions (its batches).</summary>
    private sealed class CountingStore(IAuditStore inner) : IAuditStore
    {
        private int _appends;

        public int Appends => Volatile.Read(ref _appends);

        public Task<int> AppendAsync(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _appends);
            return inner.AppendAsync(chain, records, hasher, cancellationToken);
        }

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<AuditChainState>> GetChainsAsync(CancellationToken cancellationToken) => inner.GetChainsAsync(cancellationToken);

        public IAsyncEnumerable<AuditEntry> ReadChainAsync(string chain, CancellationToken cancellationToken) => inner.ReadChainAsync(chain, cancellationToken);

        public Task<long> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.PurgeAsync(olderThan, cancellationToken);
    }
}
