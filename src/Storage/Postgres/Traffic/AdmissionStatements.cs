using Npgsql;

namespace McpGateway.Storage.Postgres.Traffic;

/// <summary>
/// The PostgreSQL engine's admission statements (functions of <c>sql/postgres/004_admission.sql</c>), each one atomic
/// statement; counts what it sends, for <c>/metrics</c> and the benchmark.
/// </summary>
internal sealed class AdmissionStatements(NpgsqlDataSource dataSource, string node)
{
    private long _count;

    public string Node => node;

    public long Count => Interlocked.Read(ref _count);

    public async Task<(int Granted, double Available)> LeaseTokensAsync(
        string key, double perSecond, int burst, int keep, int want, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT granted, available FROM admission_lease_tokens(@key, @node, @rate, @burst, @keep, @want, @ttl)",
            ("key", key), ("rate", perSecond), ("burst", burst), ("keep", keep), ("want", want), ("ttl", (int)ttl.TotalMilliseconds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetDouble(1));
    }

    public async Task<int> LeaseSlotsAsync(string key, int cap, int want, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT admission_lease_slots(@key, @node, @cap, @want, @ttl)",
            ("key", key), ("cap", cap), ("want", want), ("ttl", (int)ttl.TotalMilliseconds));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SetBreakerAsync(string key, string state, DateTimeOffset? openUntil, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT admission_breaker_set(@key, @node, @state, @until)",
            ("key", key), ("state", state), ("until", openUntil));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(bool Granted, string State, DateTimeOffset? OpenUntil)> ClaimProbeAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT granted, state, open_until FROM admission_breaker_claim(@key, @node, @ttl)",
            ("key", key), ("ttl", (int)ttl.TotalMilliseconds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetBoolean(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    public async Task<(string State, DateTimeOffset? OpenUntil)?> ReadBreakerAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = Command("SELECT state, open_until FROM admission_breakers WHERE key = @key", ("key", key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }

    public async Task ReleaseNodeAsync(string[] keys, int[] unspent, int[] bursts, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT admission_release_node(@node, @keys, @unspent, @bursts)", ("keys", keys), ("unspent", unspent), ("bursts", bursts));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends what a dead node held: its token and slot leases (its unspent tokens are lost with it) and its claim on any
    /// breaker's half-open probe.
    /// </summary>
    public async Task RecoverNodeAsync(string deadNode, CancellationToken cancellationToken)
    {
        await using var command = Command(
            "SELECT admission_release_node(@dead, '{}', '{}', '{}'); "
            + "UPDATE admission_breakers SET probe_node = NULL, probe_expires = NULL WHERE probe_node = @dead",
            ("dead", deadNode));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        Interlocked.Increment(ref _count);
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("node", node));
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is DateTimeOffset time
                ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = time.UtcDateTime }
                : value is null ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = DBNull.Value }
                : new NpgsqlParameter(name, value));
        }

        return command;
    }
}
