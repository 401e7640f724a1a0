namespace McpGateway.Core.Catalogue;

/// <summary>The kinds of entries a backend contributes to the catalogue.</summary>
public enum CatalogueKind
{
    Tool,
    Prompt,
    Resource,
    ResourceTemplate,
}
