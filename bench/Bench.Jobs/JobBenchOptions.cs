using System.Globalization;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// How much to run: jobs per phase, concurrent clients, rounds (the report takes the median), submit-to-start samples.
/// <c>--submit-only</c> (for a profiler: <c>dotnet-trace collect -p PID</c>) runs only grain-submit phases, the rounds' worth, and reports their rates.
/// </summary>
internal sealed record JobBenchOptions(int Jobs, int Concurrency, int Rounds, int LatencySamples, string? Output, bool SubmitOnly)
{
    public static JobBenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        return new JobBenchOptions(Number("--jobs", 2000), Number("--concurrency", 16), Number("--rounds", 5), Number("--latency-samples", 300), Value("--out"), args.Contains("--submit-only"));
    }
}
