using McpGateway.Edge.Hosting;
using McpGateway.Storage.Migrations;

namespace McpGateway.Edge.Cli;

/// <summary>
/// <c>mcpgw migrate [--data-dir DIR]</c>: applies the missing migrations to <c>DATABASE_URL</c>, or to the embedded
/// engine's file under the data folder when it is unset, and prints what it applied. Exit 0 when the database is up to
/// date afterwards, 2 for an invalid <c>DATABASE_URL</c>, 1 when migrating failed.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Only the storage settings matter here: the other settings are checked when the node starts.
        var (options, errors) = GatewayOptionsReader.Read(args, Environment.GetEnvironmentVariable);
        var databaseErrors = errors.Where(e => e.StartsWith("DATABASE_URL:", StringComparison.Ordinal)).ToList();
        if (databaseErrors.Count > 0)
        {
            Console.Error.WriteLine("mcpgw migrate: " + databaseErrors[0]);
            return ServeCommand.ConfigErrorExitCode;
        }

        var target = options.StoreName;
        try
        {
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            var outcome = options.Database is { } database
                ? await SchemaMigrator.MigratePostgresAsync(database, TimeProvider.System.GetUtcNow(), cancel.Token)
                : SchemaMigrator.MigrateEmbedded(options.DataDirectory, TimeProvider.System);
            Report(outcome);
            return 0;
        }
        catch (Exception e) when (StoreFailure.Describe(e) is not null || e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Console.Error.WriteLine($"mcpgw migrate: migrating {target} failed: {StoreFailure.Describe(e) ?? e.Message}");
            return StoreFailure.ExitCode;
        }
    }

    private static void Report(MigrationOutcome outcome)
    {
        foreach (var applied in outcome.Applied)
        {
            Console.WriteLine($"applied {applied}");
        }

        Console.WriteLine(outcome.Applied.Count == 0
            ? $"{outcome.Target} is up to date ({outcome.Total} migrations)"
            : $"{outcome.Target}: applied {outcome.Applied.Count} of {outcome.Total} migrations");
    }
}
