namespace McpGateway.JsonSchema.Resolution;

/// <summary>One step of an instance location: a property name or an array index.</summary>
internal readonly record struct PathSegment(string? Name, int Index);
