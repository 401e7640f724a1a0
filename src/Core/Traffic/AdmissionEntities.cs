using System.Collections.Concurrent;

namespace McpGateway.Core.Traffic;

/// <summary>An engine's entities by key: the one there while its settings are the requested ones, else a new one in its place.</summary>
public static class AdmissionEntities
{
    public static TEntity Get<TEntity, TSettings, TState>(
        ConcurrentDictionary<string, TEntity> entities,
        string key,
        TSettings settings,
        Func<TEntity, TSettings> settingsOf,
        Func<string, (TSettings Settings, TState State), TEntity> create,
        TState state)
        where TEntity : class
    {
        while (true)
        {
            if (entities.TryGetValue(key, out var existing))
            {
                if (EqualityComparer<TSettings>.Default.Equals(settingsOf(existing), settings))
                {
                    return existing;
                }

                var replacement = create(key, (settings, state));
                if (entities.TryUpdate(key, replacement, existing))
                {
                    return replacement;
                }

                continue;
            }

            var created = entities.GetOrAdd(key, create, (settings, state));
            if (EqualityComparer<TSettings>.Default.Equals(settingsOf(created), settings))
            {
                return created;
            }
        }
    }
}
