namespace McpGateway.Core.Registry;

/// <summary>
/// What a sync changes, computed from the declared entries and the stored ones (the same for every engine):
/// Added, Reactivated and Changed in declared order, then Deactivated ordered by key.
/// </summary>
public static class RegistrySync
{
    /// <summary>The changes that bring <paramref name="stored"/> in line with <paramref name="declared"/>.</summary>
    /// <param name="declared">The entries of the configuration.</param>
    /// <param name="stored">Every stored entry with its state.</param>
    /// <param name="now">The time of the sync.</param>
    /// <exception cref="ArgumentException">A key is declared twice, or is invalid.</exception>
    public static List<RegistryEvent> Changes(
        IReadOnlyList<RegistryEntry> declared, IReadOnlyDictionary<RegistryKey, (bool Active, string Digest)> stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(stored);
        var declaredKeys = Validate(declared);
        var changes = new List<RegistryEvent>();
        foreach (var entry in declared)
        {
            RegistryChange? change = stored.TryGetValue(entry.Key, out var row) switch
            {
                false => RegistryChange.Added,
                true when !row.Active => RegistryChange.Reactivated,
                true when row.Digest != entry.SettingsDigest => RegistryChange.Changed,
                _ => null,
            };
            if (change is { } c)
            {
                changes.Add(new RegistryEvent(entry.Key, c, entry.SettingsDigest, now));
            }
        }

        changes.AddRange(stored
            .Where(s => s.Value.Active && !declaredKeys.Contains(s.Key))
            .OrderBy(s => s.Key.Backend, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Tool ?? "", StringComparer.Ordinal)
            .Select(s => new RegistryEvent(s.Key, RegistryChange.Deactivated, s.Value.Digest, now)));
        return changes;
    }

    /// <summary>Checks the declared keys before anything is read or written.</summary>
    /// <exception cref="ArgumentException">A key is declared twice, or is invalid.</exception>
    public static HashSet<RegistryKey> Validate(IReadOnlyList<RegistryEntry> declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var keys = new HashSet<RegistryKey>();
        foreach (var entry in declared)
        {
            if (string.IsNullOrEmpty(entry.Key.Backend) || entry.Key.Tool is "")
            {
                throw new ArgumentException($"Invalid registry key '{entry.Key}': the backend must be set and a tool name must not be empty.", nameof(declared));
            }

            if (!keys.Add(entry.Key))
            {
                throw new ArgumentException($"Registry entry '{entry.Key}' is declared twice.", nameof(declared));
            }
        }

        return keys;
    }
}
