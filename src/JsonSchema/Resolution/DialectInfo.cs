namespace McpGateway.JsonSchema.Resolution;

/// <summary>How a schema resource is interpreted: the dialect's rules and the enabled vocabularies.</summary>
internal sealed record DialectInfo(SchemaDialect Dialect, Vocabularies Vocabularies)
{
    public static DialectInfo Draft202012 { get; } = new(SchemaDialect.Draft202012, Vocabularies.Default);

    public static DialectInfo Draft7 { get; } = new(SchemaDialect.Draft7, Vocabularies.Default);

    public bool Has(Vocabularies vocabulary) => (Vocabularies & vocabulary) != 0;

    public static DialectInfo For(SchemaDialect dialect) => dialect == SchemaDialect.Draft7 ? Draft7 : Draft202012;
}
