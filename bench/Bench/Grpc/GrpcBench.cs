using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using McpGateway.Tests.Common;

namespace McpGateway.Bench.Grpc;

/// <summary>
/// <c>grpc</c>: the same echo tool called through one gateway node over its three transports in one run: Streamable HTTP
/// to the Hello demo server (<c>hello.echo</c>), gRPC to the C# provider (<c>hello-cs.echo.v1</c>) and gRPC to the Go
/// provider (<c>hello-go.echo.v1</c>), p50/p99 at c=1 and c=16; and how long the gateway takes from its start until
/// both providers are discovered. Writes bench/results/grpc.md. See bench/README.md.
/// </summary>
internal static class GrpcBench
{
    private static readonly int[] Concurrency = [1, 16];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 && args[0] == "--seconds" ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var output = Path.Combine(RepoPaths.Root, "bench", "results", "grpc.md");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        using var folder = new TempFolder("mcpgw-bench-grpc");

        Console.Error.WriteLine("starting Hello, the C# and the Go provider");
        var helloBase = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var hello = BenchHosts.StartLogged("Hello.dll", ["--urls", helloBase.ToString().TrimEnd('/')], Path.Combine(folder.Path, "hello.log"), []);
        await hello.WaitForHttpAsync(new Uri(helloBase, "/health"), BenchHosts.StartTimeout);
        await using var csharp = await ProviderProcess.StartCSharpAsync("hello-cs");
        await using var go = await ProviderProcess.StartGoAsync("hello-go");

        folder.Write("config/tools.yaml", $"""
            backends:
              - name: hello
                transport: streamable-http
                url: {new Uri(helloBase, "/mcp")}
              - name: hello-cs
                transport: grpc
                url: {csharp.Url}
              - name: hello-go
                transport: grpc
                url: {go.Url}

            """);
        folder.Write("config/policy.yaml", "roles:\n  admin:\n    tools: [\"*\"]\n");
        var gatewayBase = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var started = Stopwatch.StartNew();
        await using var gateway = BenchHosts.StartLogged(
            "mcpgw.dll",
            ["--urls", gatewayBase.ToString().TrimEnd('/'), "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")],
            Path.Combine(folder.Path, "gateway.log"),
            new Dictionary<string, string?>
            {
                ["LOG_LEVEL"] = "Warning",
                ["GATEWAY_AUTH_MODE"] = "none",
                ["RATE_LIMIT_USER_PER_MINUTE"] = "1000000000",
                ["RATE_LIMIT_TOOL_PER_MINUTE"] = "1000000000",
            });
        var endpoint = new Uri(gatewayBase, "/mcp");
        await gateway.WaitForHttpAsync(new Uri(gatewayBase, "/health/ready"), BenchHosts.StartTimeout);
        var ready = started.Elapsed;
        await BenchHosts.WaitForToolAsync(http, endpoint, "hello-cs.echo.v1", gateway);
        await BenchHosts.WaitForToolAsync(http, endpoint, "hello-go.echo.v1", gateway);
        var discovered = started.Elapsed;
        var discoveryMs = await DiscoveryTimesAsync(http, gatewayBase);

        EchoTarget[] targets =
        [
            EchoTarget.ToolCall("streamable-http (Hello)", endpoint, "hello.echo", "hello"),
            EchoTarget.ToolCall("grpc (C# provider)", endpoint, "hello-cs.echo.v1", "hello"),
            EchoTarget.ToolCall("grpc (Go provider)", endpoint, "hello-go.echo.v1", "hello"),
        ];
        var rows = new List<PhaseResult>();
        foreach (var c in Concurrency)
        {
            foreach (var target in targets)
            {
                Console.Error.WriteLine($"{target.Label}, c={c}");
                await LoadRunner.RunAsync(http, target, c, 2_000, TimeSpan.FromSeconds(3), 0, null, CancellationToken.None);
                rows.Add(await LoadRunner.RunAsync(http, target, c, int.MaxValue, TimeSpan.FromSeconds(seconds), 1, null, CancellationToken.None));
            }
        }

        var report = Report(rows, ready, discovered, discoveryMs, seconds, loadBefore);
        await File.WriteAllTextAsync(output, report);
        Console.WriteLine(report);
        return rows.Any(r => r.Errors > 0) ? 1 : 0;
    }

    /// <summary>Each backend's last discovery duration in ms, as <c>/admin/backends</c> reports it.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> DiscoveryTimesAsync(HttpClient http, Uri gatewayBase)
    {
        var backends = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(gatewayBase, "/admin/backends")))!["backends"]!.AsArray();
        return backends.ToDictionary(
            b => b!["name"]!.GetValue<string>(),
            b => b!["discoveryMs"]?.GetValue<double>().ToString("0.0", CultureInfo.InvariantCulture) ?? "?");
    }

    private static string Report(List<PhaseResult> rows, TimeSpan ready, TimeSpan discovered, IReadOnlyDictionary<string, string> discoveryMs, double seconds, string loadBefore)
    {
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine("# gRPC transport vs Streamable HTTP (echo through one gateway node)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average before: {loadBefore}; {seconds} s per phase after a warm-up of 2,000 requests or 3 s.");
        text.AppendLine("Generated by `dotnet run -c Release --project bench/Bench -- grpc`; see bench/README.md. Not asserted anywhere.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Discovery: the gateway process answered `/health/ready` {ready.TotalSeconds:0.00} s after it was started, and listed the tools of both gRPC providers {discovered.TotalSeconds:0.00} s after (both figures include the process start and JIT).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Each backend's own discovery as the gateway timed it (`discoveryMs` of `/admin/backends`: the connection and the listings, the process's first discovery, so JIT included; each has its {2.5} s deadline): {string.Join(", ", discoveryMs.Select(d => $"{d.Key} {d.Value} ms"))}.");
        text.AppendLine();
        text.AppendLine("| backend transport | c | requests | errors | req/s | p50 ms | p99 ms | max ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Target} | {r.Concurrency} | {r.Completed} | {r.Errors} | {r.Throughput:0} | {F(r.Latency.P50)} | {F(r.Latency.P99)} | {F(r.Latency.Max)} |");
        }

        foreach (var r in rows.Where(r => r.Errors > 0))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Errors of {r.Target} at c={r.Concurrency}: {string.Join("; ", r.ErrorSamples)}");
        }

        return text.ToString();
    }
}
