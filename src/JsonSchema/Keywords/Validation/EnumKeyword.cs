using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary><c>enum</c>: the instance must equal one of the values; large enums use a hash index.</summary>
internal sealed class EnumKeyword : KeywordEvaluator
{
    private const int IndexThreshold = 8;
    private readonly JsonElement[] _values;
    private readonly Dictionary<int, List<JsonElement>>? _index;
    private readonly string _description;

    public EnumKeyword(string schemaLocation, JsonElement[] values)
        : base("enum", schemaLocation)
    {
        _values = values;
        if (values.Length > IndexThreshold)
        {
            _index = [];
            foreach (var value in values)
            {
                var hash = JsonEquality.GetHashCode(value);
                if (!_index.TryGetValue(hash, out var bucket))
                {
                    _index[hash] = bucket = [];
                }

                bucket.Add(value);
            }
        }

        var shown = string.Join(", ", values.Take(10).Select(v => JsonText.Preview(v, 30)));
        _description = values.Length > 10 ? shown + $", ... ({values.Length} values)" : shown;
    }

    public override bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations)
    {
        if (Contains(instance))
        {
            return true;
        }

        context.AddError(this, $"must be one of: {_description}");
        return false;
    }

    private bool Contains(JsonElement instance)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(JsonEquality.GetHashCode(instance), out var bucket) && bucket.Exists(v => JsonEquality.AreEqual(v, instance));
        }

        foreach (var value in _values)
        {
            if (JsonEquality.AreEqual(value, instance))
            {
                return true;
            }
        }

        return false;
    }
}
