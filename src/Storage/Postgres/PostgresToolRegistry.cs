using McpGateway.Core.Registry;
using Npgsql;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// The tool registry in <c>registry_entries</c> (one row per backend, with tool <c>''</c>, and per tool) and the
/// append-only <c>registry_history</c>. A sync is one transaction that first locks <c>registry_entries</c> against
/// other syncs (<c>SHARE ROW EXCLUSIVE</c>: readers go on): nodes syncing at once apply one after the other, and each
/// sees the result of the one before.
/// </summary>
internal sealed class PostgresToolRegistry(PostgresDatabase database, TimeProvider timeProvider) : IToolRegistry
{
    private const string BackendRow = "";

    public async Task<RegistrySyncResult> SyncAsync(IReadOnlyList<RegistryEntry> declared, CancellationToken cancellationToken)
    {
        RegistrySync.Validate(declared);

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction, "LOCK TABLE registry_entries IN SHARE ROW EXCLUSIVE MODE", cancellationToken);
        var stored = (await connection.QueryAsync(
                transaction,
                "SELECT backend, tool, active, settings_digest FROM registry_entries",
                r => (Key: ReadKey(r), Active: r.GetBoolean(2), Digest: r.GetString(3)),
                cancellationToken))
            .ToDictionary(r => r.Key, r => (r.Active, r.Digest));

        var changes = RegistrySync.Changes(declared, stored, timeProvider.GetUtcNow());
        foreach (var change in changes)
        {
            await ApplyAsync(connection, transaction, change, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RegistrySyncResult(changes);
    }

    public async Task<IReadOnlyList<RegistryRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            null,
            "SELECT backend, tool, active, settings_digest, first_seen, last_changed FROM registry_entries ORDER BY backend COLLATE \"C\", tool COLLATE \"C\"",
            r => new RegistryRecord(ReadKey(r), r.GetBoolean(2), r.GetString(3), ReadTime(r, 4), ReadTime(r, 5)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<RegistryEvent>> HistoryAsync(RegistryKey key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(
            null,
            "SELECT change, settings_digest, at FROM registry_history WHERE backend = @backend AND tool = @tool ORDER BY id",
            r => new RegistryEvent(key, Enum.Parse<RegistryChange>(r.GetString(0), ignoreCase: true), r.GetString(1), ReadTime(r, 2)),
            cancellationToken,
            P("backend", key.Backend),
            P("tool", key.Tool ?? BackendRow));
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RegistryEvent change, CancellationToken cancellationToken)
    {
        NpgsqlParameter[] row =
        [
            P("backend", change.Key.Backend),
            P("tool", change.Key.Tool ?? BackendRow),
            P("digest", change.SettingsDigest),
            P("at", change.At.ToUniversalTime()),
        ];
        await connection.ExecuteAsync(
            transaction,
            change.Change == RegistryChange.Added
                ? "INSERT INTO registry_entries (backend, tool, active, settings_digest, first_seen, last_changed) VALUES (@backend, @tool, true, @digest, @at, @at)"
                : "UPDATE registry_entries SET active = @active, settings_digest = @digest, last_changed = @at WHERE backend = @backend AND tool = @tool",
            cancellationToken,
            [.. row, P("active", change.Change != RegistryChange.Deactivated)]);
        await connection.ExecuteAsync(
            transaction,
            "INSERT INTO registry_history (backend, tool, change, settings_digest, at) VALUES (@backend, @tool, @change, @digest, @at)",
            cancellationToken,
            [.. row.Select(p => p.Clone()), P("change", change.Change.ToString().ToLowerInvariant())]);
    }

    private static RegistryKey ReadKey(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1) is { Length: > 0 } tool ? tool : null);

    private static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);
}
