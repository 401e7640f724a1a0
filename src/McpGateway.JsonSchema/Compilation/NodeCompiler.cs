using System.Text.Json;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Keywords.Core;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Compilation;

/// <summary>
/// Compiles one schema object into its keyword evaluators. Subschemas are requested from the
/// <see cref="SchemaCompiler"/> (and compiled later from its queue); keyword values are checked here, so a
/// malformed keyword is a <see cref="SchemaLoadException"/> naming its location.
/// </summary>
internal sealed partial class NodeCompiler
{
    private readonly SchemaCompiler compiler;
    private readonly SchemaNode node;
    private readonly SchemaDocument document;
    private readonly string pointer;
    private readonly JsonElement element;
    private readonly DialectInfo dialect;
    private readonly List<KeywordEvaluator> output = [];

    public NodeCompiler(SchemaCompiler compiler, SchemaNode node, SchemaDocument document, string pointer, JsonElement element)
    {
        this.compiler = compiler;
        this.node = node;
        this.document = document;
        this.pointer = pointer;
        this.element = element;
        dialect = node.Resource.Dialect;
    }

    public void Compile()
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            node.SetBoolean(element.ValueKind == JsonValueKind.True);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaLoadException($"A schema must be an object or a boolean, not {element.ValueKind.ToString().ToLowerInvariant()}.", node.Location);
        }

        if (dialect.Dialect == SchemaDialect.Draft7 && element.TryGetProperty("$ref", out var draft7Ref))
        {
            // Draft-07: "$ref" overrides every sibling keyword (definitions are still compiled, see below).
            AddReference("$ref", draft7Ref);
            CompileDefinitions("definitions");
        }
        else
        {
            foreach (var property in element.EnumerateObject())
            {
                if (dialect.Dialect == SchemaDialect.Draft7)
                {
                    CompileDraft7Keyword(property.Name, property.Value);
                }
                else
                {
                    CompileKeyword(property.Name, property.Value);
                }
            }
        }

        var ordered = output.OrderBy(k => k.Phase).ToArray();
        node.SetKeywords(ordered, ordered.Any(k => k.Phase == 2));
    }

    private void CompileKeyword(string name, JsonElement value)
    {
        switch (name)
        {
            case "$ref":
                AddReference(name, value);
                return;
            case "$dynamicRef":
                AddDynamicReference(value);
                return;
            case "$defs" or "definitions":
                CompileDefinitions(name);
                return;
        }

        if (dialect.Has(Vocabularies.Applicator) && CompileApplicator(name, value))
        {
            return;
        }

        if (dialect.Has(Vocabularies.Unevaluated) && CompileUnevaluated(name, value))
        {
            return;
        }

        if (dialect.Has(Vocabularies.Validation) && CompileValidation(name, value))
        {
            return;
        }

        if (name == "format" && dialect.Has(Vocabularies.FormatAnnotation | Vocabularies.FormatAssertion))
        {
            AddFormat(value);
        }
    }

    /// <summary>
    /// Definitions are compiled even when unused, so that an unresolvable reference anywhere in the schema is a
    /// load error rather than a surprise on the first instance that reaches it.
    /// </summary>
    private void CompileDefinitions(string keyword)
    {
        if (element.TryGetProperty(keyword, out var definitions) && definitions.ValueKind == JsonValueKind.Object)
        {
            _ = SchemaMap(keyword, definitions);
        }
    }

    private string Location(string keyword) => document.LocationPrefix + JsonPointer.Append(pointer, keyword);

    private SchemaLoadException Invalid(string keyword, string requirement)
        => new($"\"{keyword}\" {requirement}.", Location(keyword));

    private SchemaNode Subschema(string keyword) => CheckedNode(JsonPointer.Append(pointer, keyword), keyword);

    private SchemaNode Subschema(string keyword, string name)
        => CheckedNode(JsonPointer.Append(JsonPointer.Append(pointer, keyword), name), keyword);

    private SchemaNode Subschema(string keyword, int index)
        => CheckedNode(JsonPointer.Append(JsonPointer.Append(pointer, keyword), index), keyword);

    private SchemaNode CheckedNode(string childPointer, string keyword)
    {
        JsonPointer.TryNavigate(document.Root, childPointer, out var child);
        if (child.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            throw new SchemaLoadException($"\"{keyword}\" must hold a schema (object or boolean).", document.LocationPrefix + childPointer);
        }

        return compiler.GetNode(document, childPointer);
    }

    private SchemaNode[] SchemaArray(string keyword, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Invalid(keyword, "must be a non-empty array of schemas");
        }

        var nodes = new SchemaNode[value.GetArrayLength()];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = Subschema(keyword, i);
        }

        return nodes;
    }

    private (string Name, SchemaNode Schema)[] SchemaMap(string keyword, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(keyword, "must be an object whose values are schemas");
        }

        return value.EnumerateObject().Select(p => (p.Name, Subschema(keyword, p.Name))).ToArray();
    }

    private void AddReference(string keyword, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid(keyword, "must be a string (URI reference)");
        }

        var (target, _) = compiler.ResolveReference(value.GetString()!, node.Resource, Location(keyword));
        output.Add(new RefKeyword(Location(keyword), target));
    }

    private void AddDynamicReference(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid("$dynamicRef", "must be a string (URI reference)");
        }

        var (target, anchor) = compiler.ResolveReference(value.GetString()!, node.Resource, Location("$dynamicRef"));

        // Dynamic only when the static target itself carries the matching $dynamicAnchor (the "bookend").
        var dynamicAnchor = anchor is not null && ReferenceEquals(target.Resource.FindDynamicAnchor(anchor), target) ? anchor : null;
        output.Add(new DynamicRefKeyword(Location("$dynamicRef"), target, dynamicAnchor));
    }
}
