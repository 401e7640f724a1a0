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

    public override string ToString() => Name;
}
