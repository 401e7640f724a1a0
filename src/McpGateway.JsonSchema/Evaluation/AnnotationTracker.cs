namespace McpGateway.JsonSchema.Evaluation;

/// <summary>
/// Which properties or items of one instance location have been evaluated by successful subschemas —
/// the only annotations this validator collects, and only when <c>unevaluatedProperties</c>/<c>unevaluatedItems</c> needs them.
/// </summary>
internal sealed class AnnotationTracker
{
    private HashSet<string>? properties;
    private HashSet<int>? items;
    private bool allProperties;
    private bool allItems;
    private int itemPrefix;

    public void AddProperty(string name) => (properties ??= new(StringComparer.Ordinal)).Add(name);

    public void MarkAllProperties() => allProperties = true;

    public bool IsPropertyEvaluated(string name) => allProperties || (properties is not null && properties.Contains(name));

    public void AddItemPrefix(int count) => itemPrefix = Math.Max(itemPrefix, count);

    public void AddItem(int index) => (items ??= []).Add(index);

    public void MarkAllItems() => allItems = true;

    public bool IsItemEvaluated(int index) => allItems || index < itemPrefix || (items is not null && items.Contains(index));

    public void MergeFrom(AnnotationTracker other)
    {
        allProperties |= other.allProperties;
        allItems |= other.allItems;
        itemPrefix = Math.Max(itemPrefix, other.itemPrefix);
        if (other.properties is not null)
        {
            (properties ??= new(StringComparer.Ordinal)).UnionWith(other.properties);
        }

        if (other.items is not null)
        {
            (items ??= []).UnionWith(other.items);
        }
    }

    public void Reset()
    {
        properties?.Clear();
        items?.Clear();
        allProperties = false;
        allItems = false;
        itemPrefix = 0;
    }
}
