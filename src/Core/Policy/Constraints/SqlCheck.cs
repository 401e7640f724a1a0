using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// <c>type: sql</c>: exactly one read-only statement. The text is read under every combination of the dialects'
/// lexical rules (<see cref="SqlLexing"/>) and must pass under each: a quote, comment or dollar-quote that hides a
/// <c>;</c> from one reading is seen by another. In each reading, the statement must start with <c>SELECT</c>,
/// <c>WITH</c>, <c>VALUES</c>, <c>TABLE</c>, <c>SHOW</c> or <c>EXPLAIN</c>, contain no word that writes or changes
/// state (<c>INSERT</c>, <c>INTO</c>, <c>FOR UPDATE</c>, <c>COPY</c>...) and call no function with side effects
/// (<c>pg_sleep</c>, <c>nextval</c>, <c>lo_import</c>, <c>load_extension</c>...). A read-only database role is still
/// the backend's job: this check keeps obvious and disguised writes from ever reaching it.
/// </summary>
public sealed class SqlCheck : IValueCheck
{
    public const int MaxLength = 20_000;

    private static readonly SqlLexing[] Readings = [.. Enumerable.Range(0, 128).Select(i => (SqlLexing)i)];

    private static readonly HashSet<string> Starters = new(["SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> WriteWords = new(
        [
            "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "DROP", "ALTER", "CREATE", "TRUNCATE", "RENAME",
            "GRANT", "REVOKE", "COPY", "CALL", "EXEC", "EXECUTE", "DO", "LOCK", "VACUUM", "ANALYZE", "ATTACH", "DETACH",
            "PRAGMA", "INTO", "LOAD", "HANDLER", "REFRESH", "REINDEX", "LISTEN", "NOTIFY", "PREPARE", "DEALLOCATE",
            "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "OUTFILE", "DUMPFILE", "SHARE", "SET", "RESET", "DISCARD",
            "CHECKPOINT", "SECURITY", "SHUTDOWN", "KILL",
        ],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> SideEffectFunctions = new(
        [
            "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file",
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_promote", "pg_switch_wal",
            "pg_create_restore_point", "pg_notify", "pg_logical_emit_message", "pg_advisory_lock", "pg_advisory_xact_lock",
            "pg_try_advisory_lock", "set_config", "nextval", "setval", "lo_import", "lo_export", "lo_unlink", "lo_create",
            "lo_from_bytea", "lo_put", "dblink", "dblink_exec", "dblink_connect", "dblink_send_query", "query_to_xml",
            "query_to_xml_and_xmlschema", "cursor_to_xml", "load_extension", "writefile", "readfile", "edit", "fts3_tokenizer",
            "sleep", "benchmark", "load_file", "get_lock", "release_lock", "sys_exec", "sys_eval", "xp_cmdshell",
            "sp_executesql", "openrowset", "opendatasource", "openquery",
        ],
        StringComparer.OrdinalIgnoreCase);

    public string Type => "sql";

    public CheckFailure? Check(JsonNode? value)
    {
        if (value is not JsonValue json || json.GetValueKind() != JsonValueKind.String)
        {
            return new CheckFailure("not-a-string", $"expected SQL text, got {Describe.Kind(value)}");
        }

        var text = json.GetValue<string>();
        if (text.Length > MaxLength)
        {
            return new CheckFailure("too-long", $"at most {MaxLength} characters are allowed");
        }

        if (text.Contains('\0'))
        {
            return new CheckFailure("invalid-characters", "NUL characters are refused");
        }

        foreach (var reading in Readings)
        {
            if (CheckReading(text, reading) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static CheckFailure? CheckReading(string text, SqlLexing reading)
    {
        var (tokens, failure) = new SqlLexer(text, reading).Read();
        if (failure is not null)
        {
            return failure;
        }

        var statements = Split(tokens);
        if (statements.Count == 0)
        {
            return new CheckFailure("empty", "no SQL statement");
        }

        if (statements.Count > 1)
        {
            return new CheckFailure("multiple-statements", "exactly one statement is allowed");
        }

        var statement = statements[0];
        var first = statement.FirstOrDefault(t => t.Kind != SqlTokenKind.Symbol || t.Text != "(");
        if (first.Kind != SqlTokenKind.Word || !Starters.Contains(first.Text))
        {
            return new CheckFailure("not-read-only", "only SELECT, WITH, VALUES, TABLE, SHOW and EXPLAIN statements are allowed");
        }

        for (var i = 0; i < statement.Count; i++)
        {
            var token = statement[i];
            if (token.Kind == SqlTokenKind.Word && WriteWords.Contains(token.Text))
            {
                return new CheckFailure("write-keyword", $"'{token.Text.ToUpperInvariant()}' is not allowed in a read-only statement");
            }

            if (token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
                && SideEffectFunctions.Contains(token.Text)
                && i + 1 < statement.Count && statement[i + 1] is { Kind: SqlTokenKind.Symbol, Text: "(" })
            {
                return new CheckFailure("forbidden-function", $"the function '{token.Text.ToLowerInvariant()}' has side effects");
            }
        }

        return null;
    }

    /// <summary>The statements between semicolons; empty ones (a trailing <c>;</c>) do not count.</summary>
    private static List<List<SqlToken>> Split(List<SqlToken> tokens)
    {
        var statements = new List<List<SqlToken>>();
        var current = new List<SqlToken>();
        foreach (var token in tokens)
        {
            if (token.Kind != SqlTokenKind.Semicolon)
            {
                current.Add(token);
            }
            else if (current.Count > 0)
            {
                statements.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            statements.Add(current);
        }

        return statements;
    }
}
