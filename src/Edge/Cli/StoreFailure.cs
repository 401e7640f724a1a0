using System.Data.Common;
using McpGateway.Storage.Migrations;
using Npgsql;

namespace McpGateway.Edge.Cli;

/// <summary>
/// Store failures that stop a command or the node from starting, told in one line without a stack trace: the database
/// cannot be reached, refused the login, failed a script, or does not fit this gateway. Neither Npgsql's nor
/// PostgreSQL's messages hold the password.
/// </summary>
internal static class StoreFailure
{
    public const int ExitCode = 1;

    /// <summary>The cause in one line, or null when <paramref name="exception"/> is not a store failure.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        SchemaMismatchException mismatch => mismatch.Message,
        PostgresException postgres => $"{postgres.MessageText} (SQLSTATE {postgres.SqlState})",
        NpgsqlException { InnerException: { } inner } npgsql => $"{npgsql.Message} ({inner.Message})",
        DbException database => database.Message,
        _ => null,
    };
}
