namespace McpGateway.JsonSchema;

/// <summary>Limits and defaults applied when a schema is compiled. Immutable; part of a cache's identity.</summary>
public sealed record SchemaLoadOptions
{
    /// <summary>Shared instance with every default.</summary>
    public static SchemaLoadOptions Default { get; } = new();

    /// <summary>Dialect used when a schema has no <c>$schema</c>.</summary>
    /// <value>Defaults to <see cref="SchemaDialect.Draft202012"/>.</value>
    public SchemaDialect DefaultDialect { get; init; } = SchemaDialect.Draft202012;

    /// <summary>Maximum JSON nesting depth of a schema document; deeper schemas are rejected at load.</summary>
    /// <value>Defaults to 128.</value>
    public int MaxDepth
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 128;

    /// <summary>Maximum number of subschemas compiled for one schema (including referenced documents).</summary>
    /// <value>Defaults to 100 000.</value>
    public int MaxSubschemas
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 100_000;

    /// <summary>Timeout for one match of a <c>pattern</c>/<c>patternProperties</c> regular expression.</summary>
    /// <value>Defaults to 100 ms.</value>
    public TimeSpan RegexMatchTimeout
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromMilliseconds(100);
}
