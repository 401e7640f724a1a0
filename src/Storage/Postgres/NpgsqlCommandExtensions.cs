using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Terse parameterised commands: parameters are <c>@name</c> pairs (null written as SQL NULL), or ready
/// <see cref="NpgsqlParameter"/>s when a value needs an explicit type (json).
/// </summary>
internal static class NpgsqlCommandExtensions
{
    public static async Task<int> ExecuteAsync(
        this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params IEnumerable<NpgsqlParameter> parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every row, mapped while the reader is open.</summary>
    public static Task<List<T>> QueryAsync<T>(
        this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params IEnumerable<NpgsqlParameter> parameters) =>
        QueryAsync(connection, transaction, sql, map, prepare: false, cancellationToken, parameters);

    /// <summary>
    /// Every row of a hot statement, prepared on the pooled connection the first time it runs there (later runs skip
    /// parsing and planning). Its parameters must have the same types every time.
    /// </summary>
    public static Task<List<T>> QueryPreparedAsync<T>(
        this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken, params IEnumerable<NpgsqlParameter> parameters) =>
        QueryAsync(connection, transaction, sql, map, prepare: true, cancellationToken, parameters);

    private static async Task<List<T>> QueryAsync<T>(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Func<NpgsqlDataReader, T> map, bool prepare, CancellationToken cancellationToken, IEnumerable<NpgsqlParameter> parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        if (prepare)
        {
            await command.PrepareAsync(cancellationToken);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>A parameter whose type Npgsql infers from the value (<c>null</c> becomes SQL NULL).</summary>
    public static NpgsqlParameter P(string name, object? value) => new(name, value ?? DBNull.Value);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
