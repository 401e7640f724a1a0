using System.Collections.Frozen;

namespace McpGateway.Core.Catalogue;

/// <summary>
/// An immutable view of everything the gateway exposes, rebuilt whenever discovery changes something.
/// Lookups are by exposed name (tools, prompts), by URI (resources) or by template match.
/// </summary>
public sealed class CatalogueSnapshot
{
    private readonly FrozenDictionary<string, CatalogueItem> _tools;
    private readonly FrozenDictionary<string, CatalogueItem> _prompts;
    private readonly FrozenDictionary<string, CatalogueItem> _resources;
    private readonly IReadOnlyList<(UriTemplateMatcher Matcher, CatalogueItem Item)> _templates;

    internal CatalogueSnapshot(
        IReadOnlyList<CatalogueItem> items,
        IReadOnlyList<CatalogueProblem> problems,
        IReadOnlySet<string> completionBackends,
        long version)
    {
        Items = items;
        Problems = problems;
        CompletionBackends = completionBackends;
        Version = version;
        _tools = ByName(items, CatalogueKind.Tool);
        _prompts = ByName(items, CatalogueKind.Prompt);
        _resources = ByName(items, CatalogueKind.Resource);
        _templates = items
            .Where(i => i.Kind == CatalogueKind.ResourceTemplate)
            .Select(i => (new UriTemplateMatcher(i.ExposedName), i))
            .ToArray();
    }

    public static CatalogueSnapshot Empty { get; } = new([], [], new HashSet<string>(), 0);

    /// <summary>Every entry in declaration order of the backends, then in the order each backend listed them.</summary>
    public IReadOnlyList<CatalogueItem> Items { get; }

    /// <summary>Entries left out because of name collisions.</summary>
    public IReadOnlyList<CatalogueProblem> Problems { get; }

    /// <summary>Backends that declared the completions capability.</summary>
    public IReadOnlySet<string> CompletionBackends { get; }

    /// <summary>Grows with every rebuild; clients can tell a changed listing by it.</summary>
    public long Version { get; }

    /// <summary>The entries of one kind visible on a scope (null: every scope).</summary>
    public IEnumerable<CatalogueItem> List(CatalogueKind kind, string? scope) =>
        Items.Where(i => i.Kind == kind && i.IsOnScope(scope));

    /// <summary>This snapshot with <paramref name="first"/> in front of its entries (the gateway's own tools, whose names backends cannot take).</summary>
    public CatalogueSnapshot WithLeading(IReadOnlyList<CatalogueItem> first) =>
        new([.. first, .. Items.Where(i => !first.Any(f => f.Kind == i.Kind && f.ExposedName == i.ExposedName))], Problems, CompletionBackends, Version);

    public CatalogueItem? FindTool(string name) => _tools.GetValueOrDefault(name);

    public CatalogueItem? FindPrompt(string name) => _prompts.GetValueOrDefault(name);

    /// <summary>The resource with that URI, or the first template that matches it.</summary>
    public CatalogueItem? FindResource(string uri) =>
        _resources.GetValueOrDefault(uri) ?? _templates.FirstOrDefault(t => t.Matcher.IsMatch(uri)).Item;

    /// <summary>The resource template with exactly that URI template.</summary>
    public CatalogueItem? FindTemplate(string uriTemplate) =>
        _templates.FirstOrDefault(t => string.Equals(t.Matcher.Template, uriTemplate, StringComparison.Ordinal)).Item;

    public bool HasScope(string scope) => Items.Any(i => string.Equals(i.Scope, scope, StringComparison.Ordinal));

    private static FrozenDictionary<string, CatalogueItem> ByName(IReadOnlyList<CatalogueItem> items, CatalogueKind kind) =>
        items.Where(i => i.Kind == kind).ToFrozenDictionary(i => i.ExposedName, StringComparer.Ordinal);
}
