using McpGateway.Core.Catalogue;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// The catalogue the edge serves: the backends' entries with the gateway's own tools in front. Rebuilt only when the
/// backends' catalogue changes.
/// </summary>
internal sealed class GatewayToolsCatalogue : ICatalogue, IDisposable
{
    private readonly ICatalogue _inner;
    private readonly IReadOnlyList<CatalogueItem> _own;
    private (CatalogueSnapshot Source, CatalogueSnapshot Served) _current;

    public GatewayToolsCatalogue(ICatalogue inner, IReadOnlyList<CatalogueItem> own)
    {
        _inner = inner;
        _own = own;
        _current = (inner.Current, inner.Current.WithLeading(own));
        _inner.Changed += OnChanged;
    }

    public CatalogueSnapshot Current
    {
        get
        {
            var current = _current;
            var source = _inner.Current;
            if (ReferenceEquals(current.Source, source))
            {
                return current.Served;
            }

            current = (source, source.WithLeading(_own));
            _current = current;
            return current.Served;
        }
    }

    public IReadOnlyList<BackendHealth> Health => _inner.Health;

    public event Action<CatalogueSnapshot>? Changed;

    private void OnChanged(CatalogueSnapshot snapshot) => Changed?.Invoke(Current);

    public void Dispose() => _inner.Changed -= OnChanged;
}
