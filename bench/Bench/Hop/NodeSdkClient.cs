using System.Diagnostics;
using System.Text.Json;

namespace McpGateway.Bench.Hop;

/// <summary>
/// The Node SDK as the hop benchmark's client: runs <c>bench/node/sdk-client.mjs</c> (C clients of
/// <c>@modelcontextprotocol/sdk</c>, each its own session, in a closed loop on <c>tools/call</c>) for one phase and
/// turns its JSON line into a <see cref="PhaseResult"/>. The script warms up, says it is ready and waits; the CPU
/// counters are sampled around the measured phase only (between "go" and its result).
/// </summary>
internal sealed record NodeSdkClient(string Label, Uri Url, string Tool, string Message, string Expected)
{
    public const string ClientName = "Node SDK";

    private static string Script => Path.Combine(HopHosts.NodeFolder, "sdk-client.mjs");

    /// <summary>One call from one session: the answer checks out, or the error.</summary>
    public async Task<string?> ProbeAsync()
    {
        var result = await RunAsync(1, TimeSpan.Zero, TimeSpan.FromSeconds(30), maxCalls: 1, meter: null);
        return result.Errors > 0 || result.Completed == 0 ? string.Join("; ", result.ErrorSamples.DefaultIfEmpty("no answer")) : null;
    }

    public async Task<PhaseResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan measured, long? maxCalls, CpuMeter? meter)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = HopHosts.NodeFolder,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[
            Script, "--url", Url.ToString(), "--tool", Tool, "--message", Message, "--expect", Expected,
            "--concurrency", Invariant(concurrency), "--seconds", Invariant(measured.TotalSeconds),
            "--warmup-seconds", Invariant(warmup.TotalSeconds), "--handshake"])
        {
            start.ArgumentList.Add(argument);
        }

        if (maxCalls is { } calls)
        {
            start.ArgumentList.Add("--calls");
            start.ArgumentList.Add(Invariant(calls));
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(warmup + measured + TimeSpan.FromSeconds(120));
        try
        {
            CpuMeter.Snapshot? before = null;
            var clock = Stopwatch.StartNew();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith('{'))
                {
                    continue;
                }

                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                if (root.TryGetProperty("ready", out _))
                {
                    before = meter?.Sample();
                    clock.Restart();
                    await process.StandardInput.WriteLineAsync("go");
                    await process.StandardInput.FlushAsync(timeout.Token);
                    continue;
                }

                var sampled = clock.Elapsed.TotalSeconds;
                var after = meter?.Sample();
                await process.WaitForExitAsync(timeout.Token);
                return ToResult(root, concurrency, before, after, sampled);
            }

            await process.WaitForExitAsync(timeout.Token);
            throw new InvalidOperationException($"{Label}: sdk-client.mjs exited with {process.ExitCode} without a result: {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private PhaseResult ToResult(JsonElement root, int concurrency, CpuMeter.Snapshot? before, CpuMeter.Snapshot? after, double sampledSeconds)
    {
        static double Ms(JsonElement root, string name) =>
            root.GetProperty(name) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : double.NaN;

        var count = root.GetProperty("count").GetInt64();
        var errors = root.GetProperty("errors").GetInt64();
        var wall = root.GetProperty("wallSeconds").GetDouble();
        var samples = root.GetProperty("errorSamples").EnumerateArray().Select(e => e.GetString() ?? "").ToList();

        // The counters were read around the script's measured phase plus the "go"/result round trip; scale the share
        // (cores) so that share × the script's own wall time is the CPU time taken in that interval.
        var share = before is not null && after is not null ? CpuMeter.Share(before, after) : null;
        if (share is not null && wall > 0)
        {
            var k = sampledSeconds / wall;
            share = new CpuShare(share.Machine * k, share.LoadGenerator * k, share.Hello * k, share.Gateway * k, share.Relay * k);
        }

        return new PhaseResult(
            Label, concurrency, 1, count + errors, errors, samples, wall,
            new LatencyStats(count, Ms(root, "mean"), Ms(root, "p50"), Ms(root, "p90"), Ms(root, "p99"), Ms(root, "max")),
            share);
    }

    private static string Invariant(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
