namespace McpGateway.JsonSchema;

/// <summary>One failed keyword.</summary>
/// <param name="InstanceLocation">JSON Pointer to the failing value in the instance (<c>""</c> is the root).</param>
/// <param name="SchemaLocation">
/// Location of the keyword as a URI fragment holding a JSON Pointer, e.g. <c>#/properties/age/minimum</c>;
/// prefixed with the document URI when the keyword lives in a referenced (registered) document.
/// </param>
/// <param name="Keyword">The keyword that failed, e.g. <c>minimum</c>.</param>
/// <param name="Message">Readable message without location, e.g. <c>must be &gt;= 0</c>.</param>
public sealed record ValidationError(string InstanceLocation, string SchemaLocation, string Keyword, string Message)
{
    /// <summary>Formats as <c>/age: must be &gt;= 0 (minimum)</c>; the root instance shows as <c>(root)</c>.</summary>
    public override string ToString()
        => $"{(InstanceLocation.Length == 0 ? "(root)" : InstanceLocation)}: {Message} ({Keyword})";
}
