namespace McpGateway.JsonSchema;

/// <summary>Outcome of validating one instance.</summary>
public sealed class ValidationResult
{
    private static readonly ValidationResult ValidResult = new([]);

    private ValidationResult(IReadOnlyList<ValidationError> errors)
    {
        Errors = errors;
    }

    /// <summary>True when the instance is valid.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Errors found; empty when valid. At most one unless <see cref="ValidationOptions.CollectAllErrors"/>.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    internal static ValidationResult Valid => ValidResult;

    internal static ValidationResult Invalid(IReadOnlyList<ValidationError> errors) => new(errors);

    /// <summary>Errors one per line, or <c>valid</c>.</summary>
    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Errors);
}
