using System.Text.Json;
using McpGateway.Core.Audit;
using McpGateway.Storage.Audit;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// Appends audit batches on one connection of its own whose statements are prepared once: a batch costs its
/// statements' steps and the commit, not a connection from the pool, its pragmas and four compilations. One batch at a
/// time (the writer loop and the spool drainer may both append); after a failure the connection is closed and the next
/// batch opens a fresh one, so a connection left in an unknown state is never reused.
/// </summary>
internal sealed class SqliteAuditAppender(SqliteDatabase database, bool fsync) : IDisposable
{
    private readonly Lock _lock = new();
    private Prepared? _prepared;

    /// <summary>Appends the records whose event ids are not stored yet, sealed after the chain's head; their count.</summary>
    public int Append(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher)
    {
        lock (_lock)
        {
            _prepared ??= new Prepared(database.Open(), fsync);
            try
            {
                return _prepared.Append(chain, records, hasher);
            }
            catch
            {
                _prepared.Dispose();
                _prepared = null;
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _prepared?.Dispose();
            _prepared = null;
        }
    }

    /// <summary>The connection and its four prepared statements.</summary>
    private sealed class Prepared : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _stored;
        private readonly SqliteCommand _head;
        private readonly sqlite3_stmt _insert;
        private readonly SqliteCommand _moveHead;

        public Prepared(SqliteConnection connection, bool fsync)
        {
            _connection = connection;
            connection.Execute(fsync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            _stored = Command("SELECT event_id FROM audit_log WHERE event_id IN (SELECT value FROM json_each($ids))", "$ids");
            _head = Command("SELECT head_seq, head_hash FROM audit_chains WHERE chain = $chain", "$chain");
            // The row insert is SQLite's own prepared statement, bound by position: Microsoft.Data.Sqlite binds every
            // parameter by name on every execution (a lookup and a conversion of the name), which cost more than the
            // insert itself with 29 columns (docs/audit.md, "What survives what").
            var insert = $"INSERT INTO audit_log ({AuditColumns.Insert}) VALUES ({string.Join(", ", Enumerable.Repeat("?", AuditColumns.InsertCount))})";
            Check(raw.sqlite3_prepare_v2(connection.Handle, insert, out _insert));
            _moveHead = Command(
                """
                INSERT INTO audit_chains (chain, head_seq, head_hash) VALUES ($chain, $seq, $hash)
                ON CONFLICT (chain) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash
                """,
                "$chain", "$seq", "$hash");
        }

        public int Append(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher)
        {
            using var transaction = SqliteDatabase.BeginWrite(_connection);
            SqliteCommand[] commands = [_stored, _head, _moveHead];
            foreach (var command in commands)
            {
                command.Transaction = transaction;
            }

            _stored.Parameters[0].Value = JsonSerializer.Serialize(records.Select(r => r.EventId).ToList(), AuditJson.Default.IReadOnlyListString);
            var stored = _stored.ReadAll( r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
            var fresh = records.Where(r => stored.Add(r.EventId)).ToList();
            if (fresh.Count == 0)
            {
                return 0;
            }

            _head.Parameters[0].Value = chain;
            var head = _head.ReadAll( r => (Seq: r.GetInt64(0), Hash: r.GetString(1)));
            var (headSeq, headHash) = head.Count > 0 ? head[0] : (0L, AuditChainState.Genesis);
            var entries = hasher.Seal(chain, headSeq, headHash, fresh);
            foreach (var entry in entries)
            {
                Insert(AuditColumns.Values(entry));
            }

            var last = entries[^1];
            _moveHead.Parameters[0].Value = chain;
            _moveHead.Parameters[1].Value = last.Sequence;
            _moveHead.Parameters[2].Value = last.Hash;
            _moveHead.ExecuteNonQuery();
            transaction.Commit();
            return entries.Count;
        }

        public void Dispose()
        {
            foreach (var command in new[] { _stored, _head, _moveHead })
            {
                command.Dispose();
            }

            _insert.Dispose();
            _connection.Dispose();
        }

        private void Insert(object?[] values)
        {
            try
            {
                for (var i = 0; i < values.Length; i++)
                {
                    Check(values[i] switch
                    {
                        null => raw.sqlite3_bind_null(_insert, i + 1),
                        string text => raw.sqlite3_bind_text(_insert, i + 1, text),
                        long number => raw.sqlite3_bind_int64(_insert, i + 1, number),
                        var other => throw new InvalidOperationException($"An audit column cannot hold a {other.GetType().Name}"),
                    });
                }

                var done = raw.sqlite3_step(_insert);
                if (done != raw.SQLITE_DONE)
                {
                    Check(done);
                }
            }
            finally
            {
                raw.sqlite3_reset(_insert);
                raw.sqlite3_clear_bindings(_insert);
            }
        }

        private void Check(int code)
        {
            if (code != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(code, _connection.Handle);
            }
        }

        private SqliteCommand Command(string sql, params string[] parameters)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.AddWithValue(name, DBNull.Value);
            }

            command.Prepare();
            return command;
        }
    }
}
