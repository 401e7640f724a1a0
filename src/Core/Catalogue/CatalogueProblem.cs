namespace McpGateway.Core.Catalogue;

/// <summary>
/// An entry left out of the catalogue because its exposed name is already taken by a backend declared earlier.
/// A collision is a configuration error: the listing is never ambiguous.
/// </summary>
public sealed record CatalogueProblem(CatalogueKind Kind, string ExposedName, string Backend, string TakenBy)
{
    public override string ToString() =>
        $"{Kind} '{ExposedName}' of backend '{Backend}' collides with backend '{TakenBy}' and is left out; enable 'prefix' on one of them";
}
