namespace McpGateway.Core.Catalogue;

/// <summary>What the catalogue needs to know of a configured backend, in declaration order.</summary>
/// <param name="Name">The backend's name, the prefix of its exposed names.</param>
/// <param name="Scope">The scope that serves it.</param>
/// <param name="Prefix">False: names are exposed unchanged.</param>
/// <param name="HiddenTools">The backend's own names of tools configured <c>active: false</c>.</param>
public sealed record CatalogueBackend(string Name, string Scope, bool Prefix, IReadOnlySet<string>? HiddenTools = null);
