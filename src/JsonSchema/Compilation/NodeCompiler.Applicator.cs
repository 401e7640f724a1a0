using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.JsonSchema.Evaluation;
using McpGateway.JsonSchema.Json;
using McpGateway.JsonSchema.Keywords.Applicator;
using McpGateway.JsonSchema.Keywords.Unevaluated;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Compilation;

internal sealed partial class NodeCompiler
{
    private bool CompileApplicator(string name, JsonElement value)
    {
        switch (name)
        {
            case "allOf":
                _output.Add(new AllOfKeyword(Location(name), SchemaArray(name, value)));
                return true;
            case "anyOf":
                _output.Add(new AnyOfKeyword(Location(name), SchemaArray(name, value)));
                return true;
            case "oneOf":
                _output.Add(new OneOfKeyword(Location(name), SchemaArray(name, value)));
                return true;
            case "not":
                _output.Add(new NotKeyword(Location(name), Subschema(name)));
                return true;
            case "if":
                AddIfThenElse();
                return true;
            case "then" or "else":
                Subschema(name); // compiled for resolution errors; applied through "if"
                return true;
            case "properties":
                _output.Add(new PropertiesKeyword(Location(name), SchemaMap(name, value)));
                return true;
            case "patternProperties":
                _output.Add(new PatternPropertiesKeyword(Location(name), PatternMap(value)));
                return true;
            case "additionalProperties":
                AddAdditionalProperties();
                return true;
            case "propertyNames":
                _output.Add(new PropertyNamesKeyword(Location(name), Subschema(name)));
                return true;
            case "dependentSchemas":
                _output.Add(new DependentSchemasKeyword(name, Location(name), SchemaMap(name, value)));
                return true;
            case "dependencies":
                AddDependencies(value);
                return true;
            case "prefixItems":
                _output.Add(new PrefixItemsKeyword(name, Location(name), SchemaArray(name, value)));
                return true;
            case "items":
                var prefixLength = _element.TryGetProperty("prefixItems", out var prefix) && prefix.ValueKind == JsonValueKind.Array ? prefix.GetArrayLength() : 0;
                _output.Add(new ItemsKeyword(name, Location(name), Subschema(name), prefixLength));
                return true;
            case "contains":
                AddContains();
                return true;
            default:
                return false;
        }
    }

    private bool CompileUnevaluated(string name, JsonElement value)
    {
        switch (name)
        {
            case "unevaluatedProperties":
                _output.Add(new UnevaluatedPropertiesKeyword(Location(name), Subschema(name)));
                return true;
            case "unevaluatedItems":
                _output.Add(new UnevaluatedItemsKeyword(Location(name), Subschema(name)));
                return true;
            default:
                return false;
        }
    }

    private void AddIfThenElse()
    {
        var then = _element.TryGetProperty("then", out _) ? Subschema("then") : null;
        var otherwise = _element.TryGetProperty("else", out _) ? Subschema("else") : null;
        var condition = Subschema("if");
        // Kept even without then/else: a successful "if" contributes annotations to unevaluated*.
        _output.Add(new IfThenElseKeyword(Location("if"), condition, then, otherwise));
    }

    private (Regex Pattern, SchemaNode Schema)[] PatternMap(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("patternProperties", "must be an object whose values are schemas");
        }

        return value.EnumerateObject()
            .Select(p => (_compiler.Patterns.Create(p.Name, Location("patternProperties")), Subschema("patternProperties", p.Name)))
            .ToArray();
    }

    private void AddAdditionalProperties()
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (_element.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                named.Add(property.Name);
            }
        }

        var patterns = _element.TryGetProperty("patternProperties", out var patternProperties) && patternProperties.ValueKind == JsonValueKind.Object
            ? patternProperties.EnumerateObject().Select(p => _compiler.Patterns.Create(p.Name, Location("patternProperties"))).ToArray()
            : [];
        _output.Add(new AdditionalPropertiesKeyword(Location("additionalProperties"), named, patterns, Subschema("additionalProperties")));
    }

    private void AddContains()
    {
        long min = 1;
        long? max = null;
        string? minLocation = null;
        string? maxLocation = null;
        if (_dialect.Dialect == SchemaDialect.Draft202012 && _dialect.Has(Vocabularies.Validation))
        {
            if (_element.TryGetProperty("minContains", out var minValue))
            {
                min = NonNegativeInteger("minContains", minValue);
                minLocation = Location("minContains");
            }

            if (_element.TryGetProperty("maxContains", out var maxValue))
            {
                max = NonNegativeInteger("maxContains", maxValue);
                maxLocation = Location("maxContains");
            }
        }

        _output.Add(new ContainsKeyword(Location("contains"), Subschema("contains"), min, minLocation, max, maxLocation));
    }

    /// <summary>Draft-07 <c>dependencies</c> (also accepted in 2020-12 for compatibility): schema or property-list values.</summary>
    private void AddDependencies(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("dependencies", "must be an object");
        }

        var schemas = new List<(string, SchemaNode)>();
        var required = new List<(string, string[])>();
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                required.Add((property.Name, StringArray("dependencies", property.Value)));
            }
            else
            {
                schemas.Add((property.Name, Subschema("dependencies", property.Name)));
            }
        }

        if (schemas.Count > 0)
        {
            _output.Add(new DependentSchemasKeyword("dependencies", Location("dependencies"), [.. schemas]));
        }

        if (required.Count > 0)
        {
            _output.Add(new Keywords.Validation.DependentRequiredKeyword("dependencies", Location("dependencies"), [.. required]));
        }
    }

    private long NonNegativeInteger(string keyword, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Invalid(keyword, "must be a non-negative integer");
        }

        var number = JsonNumber.FromElement(value);
        if (!number.IsInteger || number.Negative)
        {
            throw Invalid(keyword, "must be a non-negative integer");
        }

        return number.DigitCount + number.Exponent > 18 ? long.MaxValue : long.Parse(number.ToString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private string[] StringArray(string keyword, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw Invalid(keyword, "must be an array of strings");
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
    }
}
