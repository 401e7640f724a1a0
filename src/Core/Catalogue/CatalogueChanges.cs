namespace McpGateway.Core.Catalogue;

/// <summary>Which lists changed between two catalogue snapshots, per scope, so that only the clients concerned are told.</summary>
public static class CatalogueChanges
{
    /// <summary>The (kind, scope) pairs whose entries differ between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static IReadOnlySet<(CatalogueKind Kind, string Scope)> Between(CatalogueSnapshot before, CatalogueSnapshot after)
    {
        var old = Fingerprints(before);
        var now = Fingerprints(after);
        var changed = new HashSet<(CatalogueKind, string)>();
        foreach (var key in old.Keys.Union(now.Keys))
        {
            if (!old.TryGetValue(key, out var a) || !now.TryGetValue(key, out var b) || a != b)
            {
                changed.Add(key);
            }
        }

        return changed;
    }

    /// <summary>Templates are listed with resources: a change to either is a resources list change.</summary>
    public static CatalogueKind ListOf(CatalogueKind kind) => kind == CatalogueKind.ResourceTemplate ? CatalogueKind.Resource : kind;

    private static Dictionary<(CatalogueKind, string), string> Fingerprints(CatalogueSnapshot snapshot) =>
        snapshot.Items
            .GroupBy(i => (ListOf(i.Kind), i.Scope))
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(i => i.Kind + "|" + i.Definition.ToJsonString())));
}
