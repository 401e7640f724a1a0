namespace McpGateway.Core.Catalogue;

/// <summary>The current catalogue and the health of the backends behind it.</summary>
public interface ICatalogue
{
    CatalogueSnapshot Current { get; }

    IReadOnlyList<BackendHealth> Health { get; }

    /// <summary>Raised after <see cref="Current"/> changed (for list_changed fan-out).</summary>
    event Action<CatalogueSnapshot>? Changed;
}
