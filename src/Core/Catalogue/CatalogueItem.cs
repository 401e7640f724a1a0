using System.Text.Json.Nodes;

namespace McpGateway.Core.Catalogue;

/// <summary>
/// One tool, prompt, resource or resource template as exposed by the gateway.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="ExposedName">The name (URI for resources, URI template for templates) callers use.</param>
/// <param name="Backend">The backend that serves it.</param>
/// <param name="Scope">The scope of that backend.</param>
/// <param name="OriginalName">The name the backend knows it by.</param>
/// <param name="Definition">The backend's definition, unchanged but for the exposed name. Treat as read-only.</param>
/// <param name="OnEveryScope">Served on every endpoint, scoped or not (the gateway's own tools).</param>
public sealed record CatalogueItem(
    CatalogueKind Kind,
    string ExposedName,
    string Backend,
    string Scope,
    string OriginalName,
    JsonObject Definition,
    bool OnEveryScope = false)
{
    /// <summary>Whether the entry is served on an endpoint of <paramref name="scope"/> (null: the unscoped endpoint).</summary>
    public bool IsOnScope(string? scope) => scope is null || OnEveryScope || string.Equals(Scope, scope, StringComparison.Ordinal);
}
