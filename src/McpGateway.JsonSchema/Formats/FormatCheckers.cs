namespace McpGateway.JsonSchema.Formats;

/// <summary>The formats this library can assert, by name. Unknown formats are annotations only.</summary>
internal static class FormatCheckers
{
    private static readonly Dictionary<string, Func<string, bool>> Checkers = new(StringComparer.Ordinal)
    {
        ["regex"] = Patterns.PatternFactory.IsValid,
    };

    public static IEnumerable<string> Names => Checkers.Keys;

    public static bool TryGet(string format, out Func<string, bool> check) => Checkers.TryGetValue(format, out check!);
}
