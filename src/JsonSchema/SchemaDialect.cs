namespace McpGateway.JsonSchema;

/// <summary>The JSON Schema dialects this validator implements.</summary>
public enum SchemaDialect
{
    /// <summary>Draft 2020-12 (<c>https://json-schema.org/draft/2020-12/schema</c>).</summary>
    Draft202012 = 0,

    /// <summary>Draft-07 (<c>http://json-schema.org/draft-07/schema#</c>), still emitted by many MCP servers.</summary>
    Draft7 = 1,
}
