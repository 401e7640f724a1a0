namespace McpGateway.JsonSchema.Keywords.Validation;

/// <summary>Which numeric limit a <see cref="NumberBoundKeyword"/> enforces.</summary>
internal enum NumberBound
{
    Minimum,
    ExclusiveMinimum,
    Maximum,
    ExclusiveMaximum,
}
