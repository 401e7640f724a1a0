using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Conformance;

/// <summary>
/// Runs the official MCP conformance suite (<c>@modelcontextprotocol/conformance</c>, every server scenario) against
/// one URL and reads its summary: one line per scenario with its passed and failed checks.
/// </summary>
internal static partial class ConformanceSuite
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    public static async Task<SuiteRun> RunAsync(Uri url)
    {
        var cli = Path.Combine(RepoPaths.NodeModules, "@modelcontextprotocol", "conformance", "dist", "index.js");
        var output = new TempFolder();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var node = ChildProcess.Start(
            "node",
            // Node 20 lacks fs.globSync, which the suite imports: the shim supplies it (tests/node/globsync-shim.mjs).
            ["--import", "./globsync-shim.mjs", cli, "server", "--url", url.ToString(), "--suite", "all", "--output-dir", output.Path],
            workingDirectory: RepoPaths.NodeTools,
            environment: new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["FORCE_COLOR"] = "0" });
        using var limit = new CancellationTokenSource(RunLimit);
        await node.Exited.WaitAsync(limit.Token);
        var elapsed = clock.Elapsed;
        var failures = FailedChecks(output.Path).ToArray();
        output.Dispose();

        var lines = node.Lines.ToArray();
        var summary = lines.SkipWhile(l => !l.Contains("=== SUMMARY ===", StringComparison.Ordinal)).ToArray();
        var scenarios = new Dictionary<string, ScenarioResult>(StringComparer.Ordinal);
        foreach (var line in summary)
        {
            if (ScenarioLine().Match(line) is { Success: true } match)
            {
                scenarios[match.Groups["name"].Value] = new ScenarioResult(
                    int.Parse(match.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(match.Groups["failed"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return new SuiteRun(url, scenarios, string.Join(Environment.NewLine, [.. lines, "Failed checks:", .. failures]), elapsed);
    }

    /// <summary>The failed checks the suite saved (results/&lt;scenario&gt;/checks.json), with their error messages.</summary>
    private static IEnumerable<string> FailedChecks(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "checks.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonArray checks)
            {
                continue;
            }

            foreach (var check in checks.OfType<JsonObject>().Where(c => (string?)c["status"] == "FAILURE"))
            {
                yield return $"{Path.GetFileName(Path.GetDirectoryName(file))}: {check["id"]}: {check["errorMessage"]}";
            }
        }
    }

    [GeneratedRegex(@"^\s*[✓✗]\s+(?<name>[\w-]+): (?<passed>\d+) passed, (?<failed>\d+) failed")]
    private static partial Regex ScenarioLine();
}

internal sealed record ScenarioResult(int Passed, int Failed)
{
    public bool Ok => Failed == 0;
}

internal sealed record SuiteRun(Uri Url, IReadOnlyDictionary<string, ScenarioResult> Scenarios, string Output, TimeSpan Elapsed);
