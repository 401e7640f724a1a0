using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;
using LibrarySchema = Json.Schema.JsonSchema;
using LibraryRegistry = Json.Schema.SchemaRegistry;

namespace McpGateway.JsonSchema.Tests.Conformance;

/// <summary>
/// Runs suite cases with the JsonSchema.Net library (8.0.5) instead of our validator, for the side-by-side
/// comparison in docs/json-schema.md. Remotes are registered from the suite's <c>remotes/</c> in the library's
/// global registry (as for ours, under <c>http://localhost:1234/</c>); the library's fetch hook is left unset, so
/// nothing is downloaded. Each group's schema is built once, with its own local registry so that groups reusing
/// an <c>$id</c> do not collide.
/// </summary>
internal static class JsonSchemaNetSuite
{
    private static readonly Lazy<bool> RemotesRegistered = new(RegisterRemotes);
    private static readonly ConcurrentDictionary<(string File, int Group), Lazy<(LibrarySchema? Schema, string? Error)>> Built = new();

    /// <summary>Runs one case; returns null on the expected outcome, else a description of what went wrong.</summary>
    public static string? Run(SuiteCase testCase, bool assertFormat)
    {
        _ = RemotesRegistered.Value;
        var (schema, error) = Built.GetOrAdd((testCase.File, testCase.Group), key => new(() => Build(testCase.Schema))).Value;
        if (schema is null)
        {
            return $"schema build error: {error}";
        }

        EvaluationResults results;
        try
        {
            results = schema.Evaluate(testCase.Data, new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = assertFormat });
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
        {
            return $"evaluation threw {ex.GetType().Name}: {ex.Message}";
        }

        return results.IsValid == testCase.Valid
            ? null
            : $"expected {(testCase.Valid ? "valid" : "invalid")} but got {(results.IsValid ? "valid" : "invalid")}";
    }

    private static (LibrarySchema?, string?) Build(JsonElement schema)
    {
        try
        {
            return (LibrarySchema.Build(schema, new BuildOptions { SchemaRegistry = new LibraryRegistry() }), null);
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException or JsonException)
        {
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static bool RegisterRemotes()
    {
        var remotes = Path.Combine(TestSuite.Root, "remotes");
        foreach (var file in Directory.GetFiles(remotes, "*.json", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var uri = new Uri(TestSuite.RemoteBase + Path.GetRelativePath(remotes, file).Replace(Path.DirectorySeparatorChar, '/'));
            var document = TestSuite.LoadFile(file);
            var schema = LibrarySchema.Build(document, new BuildOptions { SchemaRegistry = LibraryRegistry.Global }, uri);
            LibraryRegistry.Global.Register(uri, schema);
        }

        return true;
    }
}
