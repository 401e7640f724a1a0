using System.Globalization;

namespace McpGateway.Bench.Audit;

/// <summary>
/// How much to run: records per ingest phase, rounds (the report takes the median), seconds per latency phase and the
/// concurrent callers of the latency phases.
/// </summary>
internal sealed record AuditBenchOptions(int Records, int Rounds, double Seconds, int[] Concurrency, string? Output)
{
    public static AuditBenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var seconds = Value("--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 5;
        var concurrency = (Value("--concurrency") ?? "1,16").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        return new AuditBenchOptions(Number("--records", 20_000), Number("--rounds", 3), seconds, concurrency, Value("--out"));
    }
}
