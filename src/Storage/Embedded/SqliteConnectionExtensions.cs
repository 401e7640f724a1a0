using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Terse parameterised commands; parameters are <c>$name</c> pairs, null written as SQL NULL.
/// Inside a transaction call them on the transaction: Microsoft.Data.Sqlite refuses commands that do not name it.
/// </summary>
internal static class SqliteConnectionExtensions
{
    public static int Execute(this SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static int Execute(this SqliteTransaction transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(transaction.Connection!, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Every row, mapped while the reader is open.</summary>
    public static List<T> Query<T>(
        this SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(connection, null, sql, parameters);
        return ReadAll(command, map);
    }

    /// <summary>Every row, mapped while the reader is open.</summary>
    public static List<T> Query<T>(
        this SqliteTransaction transaction, string sql, Func<SqliteDataReader, T> map, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(transaction.Connection!, transaction, sql, parameters);
        return ReadAll(command, map);
    }

    private static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Every row of the command's result, mapped while the reader is open.</summary>
    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> map)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
