using System.Text.Json;
using McpGateway.JsonSchema.Compilation;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;

namespace McpGateway.JsonSchema;

/// <summary>
/// A schema compiled once into a tree of keyword evaluators. Immutable and thread-safe: validate from any
/// number of threads. Obtain one from <see cref="JsonSchemaCache.GetOrCompile(JsonElement)"/> or <see cref="Compile"/>.
/// </summary>
public sealed class CompiledSchema
{
    private readonly SchemaNode _root;

    private CompiledSchema(SchemaNode root, string contentHash, SchemaDialect dialect)
    {
        _root = root;
        ContentHash = contentHash;
        Dialect = dialect;
    }

    /// <summary>Lower-case hex SHA-256 of the schema's canonical JSON (member order and whitespace ignored).</summary>
    public string ContentHash { get; }

    /// <summary>Dialect of the schema's root resource.</summary>
    public SchemaDialect Dialect { get; }

    /// <summary>Compiles <paramref name="schema"/> without caching.</summary>
    /// <param name="schema">The schema (object or boolean). It is copied; the caller may dispose its document.</param>
    /// <param name="registry">Documents that references may reach; null means only the built-in meta-schemas.</param>
    /// <param name="options">Load limits; null means <see cref="SchemaLoadOptions.Default"/>.</param>
    /// <exception cref="SchemaLoadException">The schema is invalid, references something unregistered, or exceeds a limit.</exception>
    public static CompiledSchema Compile(JsonElement schema, SchemaRegistry? registry = null, SchemaLoadOptions? options = null)
    {
        options ??= SchemaLoadOptions.Default;
        return Compile(schema, JsonCanonicalHash.Compute(schema, options.MaxDepth), registry ?? new SchemaRegistry(), options);
    }

    internal static CompiledSchema Compile(JsonElement schema, string contentHash, SchemaRegistry registry, SchemaLoadOptions options)
    {
        var copy = schema.Clone();
        var root = new SchemaCompiler(registry, options).CompileRoot(copy);
        return new CompiledSchema(root, contentHash, root.Resource.Dialect.Dialect);
    }

    /// <summary>Validates <paramref name="instance"/>.</summary>
    /// <param name="instance">The value to check.</param>
    /// <param name="options">Error collection, format assertion and budgets; null means <see cref="ValidationOptions.Default"/>.</param>
    /// <returns>The result; never throws for any instance. A blown budget or regex timeout is an invalid result with a clear error.</returns>
    public ValidationResult Validate(JsonElement instance, ValidationOptions? options = null)
    {
        var context = EvaluationContext.Rent(options ?? ValidationOptions.Default);
        try
        {
            var valid = _root.Evaluate(context, instance, null);
            if (valid && !context.Aborted)
            {
                return ValidationResult.Valid;
            }

            // Defensive: an invalid outcome always carries at least one error.
            return ValidationResult.Invalid(
                context.Errors.Count > 0
                    ? context.Errors.ToArray()
                    : [new ValidationError(string.Empty, _root.Location, "schema", "does not match the schema")]);
        }
        finally
        {
            context.Return();
        }
    }

    /// <summary>True when <paramref name="instance"/> is valid; stops at the first failure.</summary>
    public bool IsValid(JsonElement instance, ValidationOptions? options = null) => Validate(instance, options).IsValid;
}
