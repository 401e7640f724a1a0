namespace McpGateway.JsonSchema.Evaluation;

/// <summary>
/// Which properties or items of one instance location have been evaluated by successful subschemas —
/// the only annotations this validator collects, and only when <c>unevaluatedProperties</c>/<c>unevaluatedItems</c> needs them.
/// </summary>
internal sealed class AnnotationTracker
{
    private HashSet<string>? _properties;
    private HashSet<int>? _items;
    private bool _allProperties;
    private bool _allItems;
    private int _itemPrefix;

    public void AddProperty(string name) => (_properties ??= new(StringComparer.Ordinal)).Add(name);

    public void MarkAllProperties() => _allProperties = true;

    public bool IsPropertyEvaluated(string name) => _allProperties || (_properties is not null && _properties.Contains(name));

    public void AddItemPrefix(int count) => _itemPrefix = Math.Max(_itemPrefix, count);

    public void AddItem(int index) => (_items ??= []).Add(index);

    public void MarkAllItems() => _allItems = true;

    public bool IsItemEvaluated(int index) => _allItems || index < _itemPrefix || (_items is not null && _items.Contains(index));

    public void MergeFrom(AnnotationTracker other)
    {
        _allProperties |= other._allProperties;
        _allItems |= other._allItems;
        _itemPrefix = Math.Max(_itemPrefix, other._itemPrefix);
        if (other._properties is not null)
        {
            (_properties ??= new(StringComparer.Ordinal)).UnionWith(other._properties);
        }

        if (other._items is not null)
        {
            (_items ??= []).UnionWith(other._items);
        }
    }

    public void Reset()
    {
        _properties?.Clear();
        _items?.Clear();
        _allProperties = false;
        _allItems = false;
        _itemPrefix = 0;
    }
}
