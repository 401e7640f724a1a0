namespace McpGateway.Storage.Embedded;

/// <summary>One numbered script of <c>sql/sqlite/</c>, e.g. <c>001_initial.sql</c>.</summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql, string Checksum);
