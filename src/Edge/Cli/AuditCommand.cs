using McpGateway.Core.Audit;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Cli;

/// <summary>
/// <c>mcpgw audit verify [--data-dir DIR]</c>: checks every hash chain of the audit log (<c>DATABASE_URL</c>, else the
/// embedded file under the data folder) and names each edited,
/// missing or reordered record. Exit code 0 when intact, 1 when tampered, 2 on a usage or configuration error or an unreachable database.
/// </summary>
internal static class AuditCommand
{
    public const int TamperedExitCode = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "verify")
        {
            Console.Error.WriteLine("usage: mcpgw audit verify [--data-dir DIR]");
            return ServeCommand.ConfigErrorExitCode;
        }

        // Only the storage and audit settings matter here: the others are checked when the node starts.
        var (options, errors) = GatewayOptionsReader.Read(args[1..], Environment.GetEnvironmentVariable);
        var relevant = errors.Where(e => e.StartsWith("DATABASE_URL:", StringComparison.Ordinal)
            || Audit.AuditOptionsReader.Settings.Any(s => e.StartsWith(s + ":", StringComparison.Ordinal))).ToList();
        if (relevant.Count > 0)
        {
            relevant.ForEach(e => Console.Error.WriteLine("mcpgw audit: " + e));
            return ServeCommand.ConfigErrorExitCode;
        }

        var audit = options.Audit;
        AuditVerification verification;
        try
        {
            await using var services = new ServiceCollection().AddGatewayStorage(options with { MigrateOnStart = false }).BuildServiceProvider();
            var store = services.GetRequiredService<IAuditStore>();
            if (options.Database is null && Storage.Audit.AuditJournal.ReadRecords(Storage.Audit.AuditJournal.PathIn(options.DataDirectory)) is { Count: > 0 } journaled)
            {
                // A node killed before its journal was drained: its records join the log first (a record already there
                // is skipped), as the node's next start would do.
                await store.AppendAsync(audit.Chain, journaled, new AuditHasher(audit.HmacKey), CancellationToken.None);
            }

            verification = await new AuditVerifier(new AuditHasher(audit.HmacKey)).VerifyAsync(store, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"mcpgw audit verify: cannot read the audit log of {options.Database?.ToString() ?? Path.GetFullPath(options.DataDirectory)}: {e.Message}");
            return ServeCommand.ConfigErrorExitCode;
        }

        foreach (var problem in verification.Problems)
        {
            Console.WriteLine(problem);
        }

        if (verification.IsIntact)
        {
            Console.WriteLine($"Audit log intact: {verification.Records} records in {verification.Chains} chain{(verification.Chains == 1 ? "" : "s")}{(audit.HmacKey is null ? "" : " (HMAC)")}");
            return 0;
        }

        Console.WriteLine($"Audit log TAMPERED: {verification.Problems.Count} problem{(verification.Problems.Count == 1 ? "" : "s")} in {verification.Records} records");
        return TamperedExitCode;
    }
}
