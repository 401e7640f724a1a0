namespace McpGateway.JsonSchema.Resolution;

/// <summary>Meta-schema and vocabulary URIs this library understands.</summary>
internal static class KnownDialects
{
    private const string Vocab2020 = "https://json-schema.org/draft/2020-12/vocab/";

    private static readonly Dictionary<string, DialectInfo> MetaSchemas = new(StringComparer.OrdinalIgnoreCase)
    {
        ["https://json-schema.org/draft/2020-12/schema"] = DialectInfo.Draft202012,
        ["http://json-schema.org/draft/2020-12/schema"] = DialectInfo.Draft202012,
        // Draft 2019-09 is close enough to be read with 2020-12 rules (documented limitation).
        ["https://json-schema.org/draft/2019-09/schema"] = DialectInfo.Draft202012,
        ["http://json-schema.org/draft-07/schema"] = DialectInfo.Draft7,
        ["https://json-schema.org/draft-07/schema"] = DialectInfo.Draft7,
        // Draft-06 and draft-04 are read with draft-07 rules (boolean exclusiveMinimum/Maximum included).
        ["http://json-schema.org/draft-06/schema"] = DialectInfo.Draft7,
        ["http://json-schema.org/draft-04/schema"] = DialectInfo.Draft7,
    };

    private static readonly Dictionary<string, Vocabularies> VocabularyUris = new(StringComparer.Ordinal)
    {
        [Vocab2020 + "core"] = Vocabularies.Core,
        [Vocab2020 + "applicator"] = Vocabularies.Applicator,
        [Vocab2020 + "unevaluated"] = Vocabularies.Unevaluated,
        [Vocab2020 + "validation"] = Vocabularies.Validation,
        [Vocab2020 + "meta-data"] = Vocabularies.MetaData,
        [Vocab2020 + "format-annotation"] = Vocabularies.FormatAnnotation,
        [Vocab2020 + "format-assertion"] = Vocabularies.FormatAssertion,
        [Vocab2020 + "content"] = Vocabularies.Content,
    };

    public static bool TryGetMetaSchema(string uri, out DialectInfo dialect)
        => MetaSchemas.TryGetValue(UriHelper.SplitFragment(uri).WithoutFragment, out dialect!);

    public static bool TryGetVocabulary(string uri, out Vocabularies vocabulary)
        => VocabularyUris.TryGetValue(uri, out vocabulary);
}
