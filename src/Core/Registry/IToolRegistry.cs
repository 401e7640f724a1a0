namespace McpGateway.Core.Registry;

/// <summary>
/// The registry of backends and tools declared in <c>tools.yaml</c>, kept in the engine's store.
/// Entries are never deleted: an entry missing from the file is marked inactive and keeps its history.
/// </summary>
public interface IToolRegistry
{
    /// <summary>Writes the declared entries: new ones are added, missing ones deactivated, returning ones reactivated.</summary>
    Task<RegistrySyncResult> SyncAsync(IReadOnlyList<RegistryEntry> declared, CancellationToken cancellationToken);

    /// <summary>Every entry ever registered, active or not.</summary>
    Task<IReadOnlyList<RegistryRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The change history of one entry, oldest first.</summary>
    Task<IReadOnlyList<RegistryEvent>> HistoryAsync(RegistryKey key, CancellationToken cancellationToken);
}

/// <summary>Identifies a registry entry: a backend (<see cref="Tool"/> null) or one of its tools.</summary>
public readonly record struct RegistryKey(string Backend, string? Tool)
{
    public override string ToString() => Tool is null ? Backend : $"{Backend}.{Tool}";
}

/// <summary>An entry as declared in the configuration, with a digest of its settings to detect changes.</summary>
public sealed record RegistryEntry(RegistryKey Key, string SettingsDigest);

/// <summary>An entry as stored.</summary>
public sealed record RegistryRecord(
    RegistryKey Key,
    bool Active,
    string SettingsDigest,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastChanged);

public enum RegistryChange
{
    Added,
    Deactivated,
    Reactivated,
    Changed,
}

public sealed record RegistryEvent(RegistryKey Key, RegistryChange Change, string SettingsDigest, DateTimeOffset At);

public sealed record RegistrySyncResult(IReadOnlyList<RegistryEvent> Changes);
