using System.Collections.Concurrent;
using System.Text.Json;

namespace McpGateway.JsonSchema.Tests.Conformance;

/// <summary>
/// The official JSON-Schema-Test-Suite under <c>shared/testdata/json-schema-test-suite</c>, found by walking up
/// from the test assembly. Remotes (<c>http://localhost:1234/...</c>) are pre-registered from <c>remotes/</c>;
/// nothing is fetched.
/// </summary>
internal static class TestSuite
{
    public const string RemoteBase = "http://localhost:1234/";
    private const string RelativeLocation = "shared/testdata/json-schema-test-suite";

    private static readonly Lazy<string> RootPath = new(Locate);
    private static readonly Lazy<JsonSchemaCache> SharedCache = new(() => new JsonSchemaCache(CreateRegistry()));
    private static readonly ConcurrentDictionary<string, JsonElement> Files = new(StringComparer.Ordinal);

    public static string Root => RootPath.Value;

    /// <summary>One cache (and registry of remotes) for the whole run, so each group's schema compiles once.</summary>
    public static JsonSchemaCache Cache => SharedCache.Value;

    public static string TestsFolder(string draft) => Path.Combine(Root, "tests", draft);

    public static JsonElement LoadFile(string path)
        => Files.GetOrAdd(path, static p =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(p));
            return document.RootElement.Clone();
        });

    /// <summary>Every test case of the JSON files directly in <paramref name="folder"/> (sorted, for stable ids).</summary>
    public static IEnumerable<SuiteCase> Cases(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var file in Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var groups = LoadFile(file);
            var groupIndex = 0;
            foreach (var group in groups.EnumerateArray())
            {
                var testIndex = 0;
                foreach (var test in group.GetProperty("tests").EnumerateArray())
                {
                    yield return new SuiteCase(
                        file,
                        groupIndex,
                        testIndex,
                        group.GetProperty("description").GetString()!,
                        test.GetProperty("description").GetString()!,
                        group.GetProperty("schema"),
                        test.GetProperty("data"),
                        test.GetProperty("valid").GetBoolean());
                    testIndex++;
                }

                groupIndex++;
            }
        }
    }

    public static SchemaRegistry CreateRegistry()
    {
        var registry = new SchemaRegistry();
        var remotes = Path.Combine(Root, "remotes");
        foreach (var file in Directory.GetFiles(remotes, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(remotes, file).Replace(Path.DirectorySeparatorChar, '/');
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            registry.Register(RemoteBase + relative, document.RootElement);
        }

        return registry;
    }

    /// <summary>Runs one case; returns null on the expected outcome, else a description of what went wrong.</summary>
    public static string? Run(SuiteCase testCase, ValidationOptions options)
    {
        ValidationResult result;
        try
        {
            result = Cache.GetOrCompile(testCase.Schema).Validate(testCase.Data, options);
        }
        catch (SchemaLoadException ex)
        {
            return $"schema load error: {ex.Message}";
        }

        return result.IsValid == testCase.Valid
            ? null
            : $"expected {(testCase.Valid ? "valid" : "invalid")} but got {(result.IsValid ? "valid" : "invalid: " + result)}";
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativeLocation);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"'{RelativeLocation}' was not found beside any parent of {AppContext.BaseDirectory}; the repository expects shared/ beside its clone.");
    }
}
