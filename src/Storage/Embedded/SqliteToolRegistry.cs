using McpGateway.Core.Registry;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// The tool registry in <c>registry_entries</c> (one row per backend, with tool <c>''</c>, and per tool) and the
/// append-only <c>registry_history</c>. A sync runs in one <c>BEGIN IMMEDIATE</c> transaction: two nodes syncing at
/// once apply one after the other, and the second sees the first's result.
/// </summary>
internal sealed class SqliteToolRegistry(SqliteDatabase database, TimeProvider timeProvider) : IToolRegistry
{
    private const string BackendRow = "";

    public Task<RegistrySyncResult> SyncAsync(IReadOnlyList<RegistryEntry> declared, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RegistrySync.Validate(declared);

        using var connection = database.Open();
        using var transaction = SqliteDatabase.BeginWrite(connection);
        var stored = transaction
            .Query("SELECT backend, tool, active, settings_digest FROM registry_entries", r => (Key: ReadKey(r), Active: r.GetBoolean(2), Digest: r.GetString(3)))
            .ToDictionary(r => r.Key, r => (r.Active, r.Digest));

        var changes = RegistrySync.Changes(declared, stored, timeProvider.GetUtcNow());
        foreach (var change in changes)
        {
            Apply(transaction, change);
        }

        transaction.Commit();
        return Task.FromResult(new RegistrySyncResult(changes));
    }

    public Task<IReadOnlyList<RegistryRecord>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<RegistryRecord> records = connection.Query(
            "SELECT backend, tool, active, settings_digest, first_seen, last_changed FROM registry_entries ORDER BY backend, tool",
            r => new RegistryRecord(ReadKey(r), r.GetBoolean(2), r.GetString(3), ReadTime(r, 4), ReadTime(r, 5)));
        return Task.FromResult(records);
    }

    public Task<IReadOnlyList<RegistryEvent>> HistoryAsync(RegistryKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var connection = database.Open();
        IReadOnlyList<RegistryEvent> events = connection.Query(
            "SELECT change, settings_digest, at FROM registry_history WHERE backend = $backend AND tool = $tool ORDER BY id",
            r => new RegistryEvent(key, ParseChange(r.GetString(0)), r.GetString(1), ReadTime(r, 2)),
            ("$backend", key.Backend),
            ("$tool", key.Tool ?? BackendRow));
        return Task.FromResult(events);
    }

    private static void Apply(SqliteTransaction transaction, RegistryEvent change)
    {
        (string, object?)[] key = [("$backend", change.Key.Backend), ("$tool", change.Key.Tool ?? BackendRow)];
        var at = change.At.ToUnixTimeMilliseconds();
        if (change.Change == RegistryChange.Added)
        {
            transaction.Execute(
                "INSERT INTO registry_entries (backend, tool, active, settings_digest, first_seen, last_changed) VALUES ($backend, $tool, 1, $digest, $at, $at)",
                [.. key, ("$digest", change.SettingsDigest), ("$at", at)]);
        }
        else
        {
            transaction.Execute(
                "UPDATE registry_entries SET active = $active, settings_digest = $digest, last_changed = $at WHERE backend = $backend AND tool = $tool",
                [.. key, ("$active", change.Change != RegistryChange.Deactivated), ("$digest", change.SettingsDigest), ("$at", at)]);
        }

        transaction.Execute(
            "INSERT INTO registry_history (backend, tool, change, settings_digest, at) VALUES ($backend, $tool, $change, $digest, $at)",
            [.. key, ("$change", change.Change.ToString().ToLowerInvariant()), ("$digest", change.SettingsDigest), ("$at", at)]);
    }

    private static RegistryKey ReadKey(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1) is { Length: > 0 } tool ? tool : null);

    private static DateTimeOffset ReadTime(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    private static RegistryChange ParseChange(string text) => Enum.Parse<RegistryChange>(text, ignoreCase: true);
}
