using McpGateway.Bench.Jobs;

// dotnet run -c Release --project bench/Bench.Jobs -- [--jobs N] [--concurrency C] [--rounds R] [--latency-samples S] [--out FILE]
// Uses DATABASE_URL when set (a scratch database: the bench deletes its jobs), else starts a private PostgreSQL server
// (Debian binaries) for the run. Progress goes to stderr, the report to stdout (and FILE).
var options = JobBenchOptions.Parse(args);
await using var database = await BenchDatabase.OpenAsync();
var report = await new JobBench(database, options).RunAsync();
Console.WriteLine(report);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, report);
}

return 0;
