using System.Text;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Conformance;

/// <summary>
/// The official conformance suite, every server scenario, against the C# conformance backend (src/Tools/Conformance)
/// directly and through the gateway (a scope with <c>prefix: false</c>): what passes directly must pass through the
/// gateway. The summary of both runs goes to <c>MCPGW_CONFORMANCE_SUMMARY</c> (the test command prints it).
/// </summary>
public sealed class ConformanceSuiteTests
{
    [Fact]
    public async Task Every_scenario_that_passes_against_the_backend_passes_through_the_gateway()
    {
        var backendPort = FreePort.Next();
        await using var backend = ChildProcess.StartDotnet("Conformance.dll", ["--urls", $"http://127.0.0.1:{backendPort}"]);
        await backend.WaitForHttpAsync(new Uri($"http://127.0.0.1:{backendPort}/health"), TimeSpan.FromSeconds(30));

        await using var gateway = await GatewayHost.StartAsync($"""
              - name: conformance
                scope: conformance
                transport: streamable-http
                url: http://127.0.0.1:{backendPort}/mcp
                prefix: false
                discovery_timeout_seconds: 20

            """);

        // The suite's DNS-rebinding scenario needs a localhost URL.
        var direct = await ConformanceSuite.RunAsync(new Uri($"http://localhost:{backendPort}/mcp"));
        var throughGateway = await ConformanceSuite.RunAsync(new Uri($"http://localhost:{gateway.BaseAddress.Port}/conformance/mcp"));
        var summary = Summary(direct, throughGateway);
        if (Environment.GetEnvironmentVariable("MCPGW_CONFORMANCE_SUMMARY") is { Length: > 0 } file)
        {
            await File.WriteAllTextAsync(file, summary);
        }

        Assert.True(direct.Scenarios.Count >= 30, "The suite did not run:\n" + direct.Output);
        Assert.True(direct.Scenarios.Values.All(s => s.Ok), "Scenarios failing against the backend directly:\n" + summary + "\n" + direct.Output);
        var lost = direct.Scenarios.Where(s => s.Value.Ok && throughGateway.Scenarios.GetValueOrDefault(s.Key)?.Ok != true).Select(s => s.Key).ToArray();
        Assert.True(lost.Length == 0, $"Scenarios passing directly but not through the gateway: {string.Join(", ", lost)}\n{summary}\n{throughGateway.Output}");
    }

    private static string Summary(SuiteRun direct, SuiteRun throughGateway)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | direct | through the gateway |");
        text.AppendLine("|---|---|---|");
        foreach (var name in direct.Scenarios.Keys.Union(throughGateway.Scenarios.Keys))
        {
            text.AppendLine($"| {name} | {Cell(direct, name)} | {Cell(throughGateway, name)} |");
        }

        text.AppendLine($"| **total** | {Total(direct)} | {Total(throughGateway)} |");
        return text.ToString();
    }

    private static string Cell(SuiteRun run, string scenario) =>
        run.Scenarios.TryGetValue(scenario, out var result) ? $"{(result.Ok ? "pass" : "FAIL")} ({result.Passed} passed, {result.Failed} failed)" : "not run";

    private static string Total(SuiteRun run) =>
        $"{run.Scenarios.Values.Count(s => s.Ok)}/{run.Scenarios.Count} scenarios, {run.Scenarios.Values.Sum(s => s.Passed)} checks passed, {run.Scenarios.Values.Sum(s => s.Failed)} failed";
}
