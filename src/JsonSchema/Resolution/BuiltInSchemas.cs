using System.Text.Json;

namespace McpGateway.JsonSchema.Resolution;

/// <summary>The official meta-schemas shipped as embedded resources, parsed once.</summary>
internal static class BuiltInSchemas
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> Documents = new(Load);

    public static IReadOnlyDictionary<string, JsonElement> All => Documents.Value;

    public static bool TryGet(string uri, out JsonElement document) => Documents.Value.TryGetValue(uri, out document);

    private static Dictionary<string, JsonElement> Load()
    {
        var assembly = typeof(BuiltInSchemas).Assembly;
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith("MetaSchemas/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement.Clone();
            var id = root.GetProperty("$id").GetString()!;
            result[UriHelper.Normalize(UriHelper.SplitFragment(id).WithoutFragment)] = root;
        }

        return result;
    }
}
