using System.Text.Json;

namespace McpGateway.JsonSchema.Evaluation;

/// <summary>
/// One compiled keyword (sometimes a group of co-operating keywords such as if/then/else).
/// Instances are immutable and shared by concurrent validations.
/// </summary>
internal abstract class KeywordEvaluator
{
    protected KeywordEvaluator(string keyword, string schemaLocation)
    {
        Keyword = keyword;
        SchemaLocation = schemaLocation;
    }

    public string Keyword { get; }

    /// <summary>URI-fragment JSON Pointer of the keyword, e.g. <c>#/properties/a/minimum</c>.</summary>
    public string SchemaLocation { get; }

    /// <summary>Evaluation order class: 0 first (type), 1 normal, 2 last (unevaluated*).</summary>
    public virtual int Phase => 1;

    /// <summary>
    /// Validates <paramref name="instance"/>; records evaluated properties/items in <paramref name="annotations"/>
    /// when it is not null (only when an <c>unevaluated*</c> keyword needs them).
    /// </summary>
    public abstract bool Evaluate(EvaluationContext context, JsonElement instance, AnnotationTracker? annotations);
}
