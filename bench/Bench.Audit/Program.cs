using McpGateway.Bench.Audit;
using McpGateway.Bench.Jobs;

// dotnet run -c Release --project bench/Bench.Audit -- [--records N] [--rounds R] [--seconds S] [--out FILE]
// Uses DATABASE_URL when set, else starts a private PostgreSQL server (Debian binaries) for the run.
var options = AuditBenchOptions.Parse(args);
await using var database = await BenchDatabase.OpenAsync();
var report = await new AuditBench(database, options).RunAsync();
Console.WriteLine(report);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, report);
}

return 0;
