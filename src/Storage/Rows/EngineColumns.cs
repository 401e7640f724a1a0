using System.Data.Common;
using System.Text.Json.Nodes;

namespace McpGateway.Storage.Rows;

/// <summary>
/// How an engine stores the column types the two schemas keep differently: times (SQLite: Unix milliseconds,
/// PostgreSQL: <c>timestamptz</c>), flags (<c>0/1</c>, <c>boolean</c>) and lists of text (a JSON array, <c>text[]</c>).
/// Row readers shared by both engines read those columns through it.
/// </summary>
internal abstract class EngineColumns
{
    public static readonly EngineColumns Sqlite = new SqliteColumns();

    public static readonly EngineColumns Postgres = new PostgresColumns();

    public abstract DateTimeOffset Time(DbDataReader r, int i);

    public abstract bool Flag(DbDataReader r, int i);

    public abstract string[] TextList(DbDataReader r, int i);

    public DateTimeOffset? NullableTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : Time(r, i);

    public static string? NullableText(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private sealed class SqliteColumns : EngineColumns
    {
        public override DateTimeOffset Time(DbDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

        public override bool Flag(DbDataReader r, int i) => r.GetInt64(i) == 1;

        public override string[] TextList(DbDataReader r, int i) =>
            JsonNode.Parse(r.GetString(i))!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
    }

    private sealed class PostgresColumns : EngineColumns
    {
        public override DateTimeOffset Time(DbDataReader r, int i) => r.GetFieldValue<DateTimeOffset>(i);

        public override bool Flag(DbDataReader r, int i) => r.GetBoolean(i);

        public override string[] TextList(DbDataReader r, int i) => r.GetFieldValue<string[]>(i);
    }
}
