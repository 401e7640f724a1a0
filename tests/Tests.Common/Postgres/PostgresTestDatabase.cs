using Npgsql;

namespace McpGateway.Tests.Common.Postgres;

/// <summary>An empty database with a random name on a test <see cref="PostgresServer"/>; it lives as long as the server.</summary>
public sealed class PostgresTestDatabase(PostgresServer server, string name)
{
    public PostgresServer Server { get; } = server;

    public string Name { get; } = name;

    /// <summary>An Npgsql connection string (TCP, password).</summary>
    public string ConnectionString => Server.ConnectionString(Name);

    /// <summary>A <c>postgres://user:password@127.0.0.1:port/name?sslmode=disable</c> URL, as <c>DATABASE_URL</c> takes it.</summary>
    public string Url => Server.Url(Name);

    /// <summary>Runs one statement on a connection of its own (not pooled); returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of a query, mapped while the reader is open, on a connection of its own (not pooled).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> map)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public override string ToString() => Name;

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }
}
