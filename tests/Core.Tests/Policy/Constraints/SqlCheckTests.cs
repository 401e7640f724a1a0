using System.Text.Json.Nodes;
using McpGateway.Core.Policy.Constraints;

namespace McpGateway.Core.Tests.Policy.Constraints;

public sealed class SqlCheckTests
{
    private static readonly SqlCheck Check = new();

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("select * from t where name = 'x;y'")]
    [InlineData("SELECT 1;")]
    [InlineData("SELECT 1;;  ")]
    [InlineData("SELECT a FROM t -- trailing comment; DROP TABLE t")]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x")]
    [InlineData("(SELECT 1) UNION (SELECT 2)")]
    [InlineData("SELECT 'it''s'")]
    [InlineData("SELECT \"update_time\", update_time, created_by FROM t")]
    [InlineData("SELECT replace(name, 'a', 'b') FROM t")]
    [InlineData("SELECT data #> '{a,b}' FROM t")]
    [InlineData("SELECT 1 /* ; */")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("EXPLAIN SELECT 1")]
    [InlineData("SELECT * FROM t WHERE id = $1")]
    [InlineData("SELECT * FROM t ORDER BY id FETCH FIRST 10 ROWS ONLY")]
    [InlineData("TABLE users")]
    [InlineData("SHOW search_path")]
    [InlineData("SELECT 'DROP TABLE t; DELETE FROM t'")]
    [InlineData("SELECT\n  a,\n  b\nFROM t\nWHERE c > 2")]
    public void ReadOnlyStatement_Passes(string sql) => Assert.Null(Check.Check(JsonValue.Create(sql)));

    [Theory]
    [InlineData("SELECT 1; DROP TABLE t", "multiple-statements")]
    [InlineData("SELECT 1;DROP TABLE t;", "multiple-statements")]
    [InlineData("sElEcT 1; dRoP table t", "multiple-statements")]
    [InlineData("SELECT 1 UNION SELECT 2; COMMIT", "multiple-statements")]
    [InlineData("SELECT '/*'; DROP TABLE t; --'", "multiple-statements")]
    [InlineData("SELECT 1 /*;*/; DROP TABLE t", "multiple-statements")]
    [InlineData("SELECT 1 /* /* */ ; DROP TABLE t; */", "multiple-statements")] // comments nest in PostgreSQL only
    [InlineData("SELECT 1 # ; DROP TABLE t", "multiple-statements")]           // '#' is a comment in MySQL only
    [InlineData("SELECT 1 # '\n; DROP TABLE t; -- '", "multiple-statements")]
    [InlineData("SELECT '\\'; DROP TABLE t; -- '", "multiple-statements")]     // backslash escapes in MySQL only
    [InlineData("SELECT 'a\\' FROM t; DROP TABLE t; --'", "multiple-statements")]
    [InlineData("SELECT E'\\' FROM t; DROP TABLE t; --'", "multiple-statements")] // E is a name outside PostgreSQL
    [InlineData("SELECT 1 --; DROP TABLE t", "multiple-statements")]           // MySQL needs a space after --
    [InlineData("SELECT $$; DROP TABLE t; $$", "multiple-statements")]         // dollar quotes in PostgreSQL only
    [InlineData("SELECT $x$; DROP TABLE t; $x$", "multiple-statements")]
    [InlineData("SELECT [a;DROP TABLE t;]", "multiple-statements")]            // brackets quote names in SQL Server only
    [InlineData("SELECT \"a\\\"; DROP TABLE t; --\"", "multiple-statements")]
    [InlineData("SELECT 1\n;\nDELETE FROM t", "multiple-statements")]
    [InlineData("DROP TABLE t", "not-read-only")]
    [InlineData("DELETE FROM t", "not-read-only")]
    [InlineData("INSERT INTO t VALUES (1)", "not-read-only")]
    [InlineData("UPDATE t SET a = 1", "not-read-only")]
    [InlineData("COPY t TO '/tmp/x'", "not-read-only")]
    [InlineData("/* hi */ TRUNCATE t", "not-read-only")]
    [InlineData("CALL proc()", "not-read-only")]
    [InlineData("PRAGMA writable_schema = 1", "not-read-only")]
    [InlineData("ATTACH DATABASE '/tmp/x.db' AS x", "not-read-only")]
    [InlineData("\"SELECT\" 1", "not-read-only")]
    [InlineData("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "write-keyword")]
    [InlineData("WITH u AS (UPDATE t SET a = 1 RETURNING *) SELECT 1", "write-keyword")]
    [InlineData("SELECT * INTO new_t FROM t", "write-keyword")]
    [InlineData("SELECT * FROM t FOR UPDATE", "write-keyword")]
    [InlineData("SELECT * FROM t FOR SHARE", "write-keyword")]
    [InlineData("SELECT * FROM t INTO OUTFILE '/tmp/x'", "write-keyword")]
    [InlineData("EXPLAIN ANALYZE DELETE FROM t", "write-keyword")]
    [InlineData("SELECT pg_sleep(10)", "forbidden-function")]
    [InlineData("SELECT PG_SLEEP (10)", "forbidden-function")]
    [InlineData("SELECT \"pg_sleep\"(10)", "forbidden-function")]
    [InlineData("SELECT pg_catalog.pg_read_file('/etc/passwd')", "forbidden-function")]
    [InlineData("SELECT nextval('s')", "forbidden-function")]
    [InlineData("SELECT setval('s', 1)", "forbidden-function")]
    [InlineData("SELECT load_extension('/tmp/evil.so')", "forbidden-function")]
    [InlineData("SELECT lo_import('/etc/passwd')", "forbidden-function")]
    [InlineData("SELECT * FROM dblink('host=x', 'DROP TABLE t') AS r(a int)", "forbidden-function")]
    [InlineData("SELECT set_config('role', 'admin', false)", "forbidden-function")]
    [InlineData("SELECT 1 /*! ; DROP TABLE t */", "executable-comment")]
    [InlineData("SELECT U&\"\\0070g_sleep\"(1)", "unicode-escape")]
    [InlineData("SELECT u&'\\0041'", "unicode-escape")]
    [InlineData("SELECT 'unterminated", "unterminated")]
    [InlineData("SELECT 1 /* unterminated", "unterminated")]
    [InlineData("SELECT \"unterminated", "unterminated")]
    [InlineData("SELECT $$ unterminated", "unterminated")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(";;;", "empty")]
    [InlineData("-- only a comment", "empty")]
    [InlineData("SELECT 1\0; DROP TABLE t", "invalid-characters")]
    public void HostileOrWriting_IsRefused_NamingTheReason(string sql, string reason) =>
        Assert.Equal(reason, Check.Check(JsonValue.Create(sql))?.Reason);

    [Fact]
    public void NotAString_IsRefused()
    {
        Assert.Equal("not-a-string", Check.Check(JsonValue.Create(1))?.Reason);
        Assert.Equal("not-a-string", Check.Check(null)?.Reason);
        Assert.Equal("not-a-string", Check.Check(new JsonObject { ["sql"] = "SELECT 1" })?.Reason);
    }

    [Fact]
    public void TooLong_IsRefused() =>
        Assert.Equal("too-long", Check.Check(JsonValue.Create("SELECT " + new string('1', SqlCheck.MaxLength)))?.Reason);
}
