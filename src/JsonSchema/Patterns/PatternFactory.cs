using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace McpGateway.JsonSchema.Patterns;

/// <summary>
/// Builds .NET regexes for ECMA-262 patterns, with a match timeout. Prefers the linear-time
/// <see cref="RegexOptions.NonBacktracking"/> engine and falls back to backtracking only for constructs it
/// lacks (lookarounds, back-references). Compiled regexes are shared process-wide (they are thread-safe).
/// </summary>
internal sealed class PatternFactory
{
    private const int MaxCachedPatterns = 4096;
    private static readonly ConcurrentDictionary<(string Pattern, TimeSpan Timeout), Regex> Cache = new();

    private readonly TimeSpan _timeout;

    public PatternFactory(TimeSpan timeout)
    {
        _timeout = timeout;
    }

    public Regex Create(string pattern, string location)
    {
        if (Cache.TryGetValue((pattern, _timeout), out var cached))
        {
            return cached;
        }

        Regex regex;
        try
        {
            regex = Build(pattern, _timeout);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new SchemaLoadException($"Invalid regular expression '{pattern}': {ex.Message}", location, ex);
        }

        if (Cache.Count >= MaxCachedPatterns)
        {
            Cache.Clear();
        }

        Cache.TryAdd((pattern, _timeout), regex);
        return regex;
    }

    /// <summary>True when <paramref name="pattern"/> is a valid ECMA-262 regular expression (for <c>format: regex</c>).</summary>
    public static bool IsValid(string pattern)
    {
        try
        {
            _ = new Regex(EcmaRegexTranslator.Translate(pattern), RegexOptions.CultureInvariant);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static Regex Build(string pattern, TimeSpan timeout)
    {
        var translated = EcmaRegexTranslator.Translate(pattern);
        try
        {
            return new Regex(translated, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, timeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(translated, RegexOptions.CultureInvariant, timeout);
        }
    }
}
