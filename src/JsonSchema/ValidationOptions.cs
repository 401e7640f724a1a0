namespace McpGateway.JsonSchema;

/// <summary>Per-validation settings. Immutable.</summary>
public sealed record ValidationOptions
{
    /// <summary>Shared instance with every default.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>
    /// When false, validation stops at the first failing keyword and reports that one error; when true,
    /// every failing keyword is reported.
    /// </summary>
    /// <value>Defaults to false.</value>
    public bool CollectAllErrors { get; init; }

    /// <summary>
    /// When true, <c>format</c> is asserted for the formats this library knows (date-time, email, uri, ...);
    /// when false it is only an annotation, as draft 2020-12 specifies by default. Schemas whose meta-schema
    /// enables the format-assertion vocabulary always assert.
    /// </summary>
    /// <value>Defaults to false.</value>
    public bool AssertFormat { get; init; }

    /// <summary>
    /// Budget of subschema evaluations for one validation. Exceeding it ends validation with an invalid
    /// result whose error has the keyword <c>$budget</c>.
    /// </summary>
    /// <value>Defaults to 1 000 000.</value>
    public long MaxEvaluationSteps
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 1_000_000;

    /// <summary>Maximum nesting of subschema evaluations (guards recursion through <c>$ref</c>).</summary>
    /// <value>Defaults to 512.</value>
    public int MaxEvaluationDepth
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 512;
}
