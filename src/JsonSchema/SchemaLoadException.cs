namespace McpGateway.JsonSchema;

/// <summary>
/// The schema cannot be compiled: malformed keyword, unresolvable or unregistered <c>$ref</c>,
/// unknown dialect or required vocabulary, invalid regular expression, or a load limit exceeded.
/// </summary>
public sealed class SchemaLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and, where possible, how to fix it.</param>
    /// <param name="schemaLocation">Where in the schema (URI fragment JSON Pointer, e.g. <c>#/properties/a</c>).</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SchemaLoadException(string message, string schemaLocation, Exception? innerException = null)
        : base(schemaLocation.Length == 0 ? message : $"{message} (at {schemaLocation})", innerException)
    {
        SchemaLocation = schemaLocation;
    }

    /// <summary>Location of the offending schema part; empty when it concerns the schema as a whole.</summary>
    public string SchemaLocation { get; }
}
