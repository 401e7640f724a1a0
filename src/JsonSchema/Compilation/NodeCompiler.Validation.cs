using System.Text.Json;
using McpGateway.JsonSchema.Formats;
using McpGateway.JsonSchema.Json;
using McpGateway.JsonSchema.Keywords.Format;
using McpGateway.JsonSchema.Keywords.Validation;
using McpGateway.JsonSchema.Resolution;

namespace McpGateway.JsonSchema.Compilation;

internal sealed partial class NodeCompiler
{
    private bool CompileValidation(string name, JsonElement value)
    {
        switch (name)
        {
            case "type":
                AddType(value);
                return true;
            case "const":
                _output.Add(new ConstKeyword(Location(name), value));
                return true;
            case "enum":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    throw Invalid(name, "must be an array");
                }

                _output.Add(new EnumKeyword(Location(name), value.EnumerateArray().ToArray()));
                return true;
            case "multipleOf":
                var divisor = Number(name, value);
                if (divisor.IsZero || divisor.Negative)
                {
                    throw Invalid(name, "must be a number greater than 0");
                }

                _output.Add(new MultipleOfKeyword(Location(name), divisor));
                return true;
            case "minimum":
                AddBound(name, value, NumberBound.Minimum, "exclusiveMinimum", NumberBound.ExclusiveMinimum);
                return true;
            case "maximum":
                AddBound(name, value, NumberBound.Maximum, "exclusiveMaximum", NumberBound.ExclusiveMaximum);
                return true;
            case "exclusiveMinimum":
                if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
                {
                    _output.Add(new NumberBoundKeyword(name, Location(name), NumberBound.ExclusiveMinimum, Number(name, value)));
                }

                return true;
            case "exclusiveMaximum":
                if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False)
                {
                    _output.Add(new NumberBoundKeyword(name, Location(name), NumberBound.ExclusiveMaximum, Number(name, value)));
                }

                return true;
            case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                _output.Add(new SizeKeyword(name, Location(name), NonNegativeInteger(name, value)));
                return true;
            case "pattern":
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw Invalid(name, "must be a string");
                }

                _output.Add(new PatternKeyword(Location(name), _compiler.Patterns.Create(value.GetString()!, Location(name)), value.GetString()!));
                return true;
            case "uniqueItems":
                if (value.ValueKind == JsonValueKind.True)
                {
                    _output.Add(new UniqueItemsKeyword(Location(name)));
                }
                else if (value.ValueKind != JsonValueKind.False)
                {
                    throw Invalid(name, "must be a boolean");
                }

                return true;
            case "required":
                _output.Add(new RequiredKeyword(Location(name), StringArray(name, value)));
                return true;
            case "dependentRequired":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(name, "must be an object whose values are arrays of strings");
                }

                _output.Add(new DependentRequiredKeyword(name, Location(name), value.EnumerateObject().Select(p => (p.Name, StringArray(name, p.Value))).ToArray()));
                return true;
            default:
                return false;
        }
    }

    private void AddType(JsonElement value)
    {
        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => StringArray("type", value),
            _ => throw Invalid("type", "must be a type name or an array of type names"),
        };
        var allowed = JsonTypes.None;
        foreach (var typeName in names)
        {
            if (!TypeKeyword.TryParse(typeName, out var flag))
            {
                throw Invalid("type", $"has an unknown type '{typeName}'");
            }

            allowed |= flag;
        }

        var description = names.Length == 1 ? names[0] : string.Join(" or ", names);
        _output.Add(new TypeKeyword(Location("type"), allowed, description));
    }

    /// <summary>minimum/maximum; with a draft-04 style boolean exclusive sibling the bound becomes exclusive.</summary>
    private void AddBound(string keyword, JsonElement value, NumberBound bound, string exclusiveKeyword, NumberBound exclusiveBound)
    {
        var legacyExclusive = _element.TryGetProperty(exclusiveKeyword, out var exclusive) && exclusive.ValueKind == JsonValueKind.True;
        _output.Add(new NumberBoundKeyword(keyword, Location(keyword), legacyExclusive ? exclusiveBound : bound, Number(keyword, value)));
    }

    private JsonNumber Number(string keyword, JsonElement value)
        => value.ValueKind == JsonValueKind.Number ? JsonNumber.FromElement(value) : throw Invalid(keyword, "must be a number");

    private void AddFormat(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid("format", "must be a string");
        }

        var format = value.GetString()!;
        if (FormatCheckers.TryGet(format, out var check))
        {
            _output.Add(new FormatKeyword(Location("format"), format, check, _dialect.Has(Vocabularies.FormatAssertion)));
        }
    }
}
