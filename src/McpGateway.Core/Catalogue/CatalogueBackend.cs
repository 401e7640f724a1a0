namespace McpGateway.Core.Catalogue;

/// <summary>What the catalogue needs to know of a configured backend, in declaration order.</summary>
public sealed record CatalogueBackend(string Name, string Scope, bool Prefix);
