namespace McpGateway.Storage.Migrations;

/// <summary>One numbered script of <c>sql/&lt;engine&gt;/</c>, e.g. <c>001_initial.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    /// <summary><c>NNN_name</c>, as the file is named.</summary>
    public string Title => $"{Version:000}_{Name}";
}
