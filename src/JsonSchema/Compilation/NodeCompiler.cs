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
    private readonly SchemaCompiler _compiler;
    private readonly SchemaNode _node;
    private readonly SchemaDocument _document;
    private readonly string _pointer;
    private readonly JsonElement _element;
    private readonly DialectInfo _dialect;
    private readonly List<KeywordEvaluator> _output = [];

    public NodeCompiler(SchemaCompiler compiler, SchemaNode node, SchemaDocument document, string pointer, JsonElement element)
    {
        _compiler = compiler;
        _node = node;
        _document = document;
        _pointer = pointer;
        _element = element;
        _dialect = node.Resource.Dialect;
    }

    public void Compile()
    {
        if (_element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            _node.SetBoolean(_element.ValueKind == JsonValueKind.True);
            return;
        }

        if (_element.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaLoadException($"A schema must be an object or a boolean, not {_element.ValueKind.ToString().ToLowerInvariant()}.", _node.Location);
        }

        if (_dialect.Dialect == SchemaDialect.Draft7 && _element.TryGetProperty("$ref", out var draft7Ref))
        {
            // Draft-07: "$ref" overrides every sibling keyword (definitions are still compiled, see below).
            AddReference("$ref", draft7Ref);
            CompileDefinitions("definitions");
        }
        else
        {
            foreach (var property in _element.EnumerateObject())
            {
                if (_dialect.Dialect == SchemaDialect.Draft7)
                {
                    CompileDraft7Keyword(property.Name, property.Value);
                }
                else
                {
                    CompileKeyword(property.Name, property.Value);
                }
            }
        }

        var ordered = _output.OrderBy(k => k.Phase).ToArray();
        _node.SetKeywords(ordered, ordered.Any(k => k.Phase == 2));
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

        if (_dialect.Has(Vocabularies.Applicator) && CompileApplicator(name, value))
        {
            return;
        }

        if (_dialect.Has(Vocabularies.Unevaluated) && CompileUnevaluated(name, value))
        {
            return;
        }

        if (_dialect.Has(Vocabularies.Validation) && CompileValidation(name, value))
        {
            return;
        }

        if (name == "format" && _dialect.Has(Vocabularies.FormatAnnotation | Vocabularies.FormatAssertion))
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
        if (_element.TryGetProperty(keyword, out var definitions) && definitions.ValueKind == JsonValueKind.Object)
        {
            _ = SchemaMap(keyword, definitions);
        }
    }

    private string Location(string keyword) => _document.LocationPrefix + JsonPointer.Append(_pointer, keyword);

    private SchemaLoadException Invalid(string keyword, string requirement)
        => new($"\"{keyword}\" {requirement}.", Location(keyword));

    private SchemaNode Subschema(string keyword) => CheckedNode(JsonPointer.Append(_pointer, keyword), keyword);

    private SchemaNode Subschema(string keyword, string name)
        => CheckedNode(JsonPointer.Append(JsonPointer.Append(_pointer, keyword), name), keyword);

    private SchemaNode Subschema(string keyword, int index)
        => CheckedNode(JsonPointer.Append(JsonPointer.Append(_pointer, keyword), index), keyword);

    private SchemaNode CheckedNode(string childPointer, string keyword)
    {
        JsonPointer.TryNavigate(_document.Root, childPointer, out var child);
        if (child.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            throw new SchemaLoadException($"\"{keyword}\" must hold a schema (object or boolean).", _document.LocationPrefix + childPointer);
        }

        return _compiler.GetNode(_document, childPointer);
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

        var (target, _) = _compiler.ResolveReference(value.GetString()!, _node.Resource, Location(keyword));
        _output.Add(new RefKeyword(Location(keyword), target));
    }

    private void AddDynamicReference(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid("$dynamicRef", "must be a string (URI reference)");
        }

        var (target, anchor) = _compiler.ResolveReference(value.GetString()!, _node.Resource, Location("$dynamicRef"));

        // Dynamic only when the static target itself carries the matching $dynamicAnchor (the "bookend").
        var dynamicAnchor = anchor is not null && ReferenceEquals(target.Resource.FindDynamicAnchor(anchor), target) ? anchor : null;
        _output.Add(new DynamicRefKeyword(Location("$dynamicRef"), target, dynamicAnchor));
    }
}
