using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Embedded;

/// <summary>
/// The embedded engine's SQLite file, <c>&lt;dataDir&gt;/gateway.db</c>: created with its folder on first use,
/// in WAL mode (readers never wait for the writer), migrated on construction.
/// Writers that read first must use <see cref="BeginWrite"/> (<c>BEGIN IMMEDIATE</c>): a deferred transaction that
/// upgrades to a write fails at once with "database is locked" instead of waiting.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    /// <summary>The file name inside the data folder.</summary>
    public const string FileName = "gateway.db";

    /// <summary>How long a statement waits for another connection's write lock.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _connectionString;

    /// <summary>Opens (creating if needed) and migrates the database of <paramref name="dataDirectory"/>.</summary>
    public SqliteDatabase(string dataDirectory, TimeProvider timeProvider)
        : this(dataDirectory, timeProvider, SqliteMigrator.Embedded)
    {
    }

    internal SqliteDatabase(string dataDirectory, TimeProvider timeProvider, IReadOnlyList<Migrations.Migration> migrations)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        FilePath = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();

        using var connection = Open();

        // The journal mode is a property of the file: set once here, every later connection inherits it.
        connection.Execute("PRAGMA journal_mode = WAL");
        AppliedAtOpen = SqliteMigrator.Apply(connection, migrations, timeProvider.GetUtcNow());
    }

    /// <summary>The migrations this instance applied when it opened the file (empty when it was up to date).</summary>
    public IReadOnlyList<Migrations.Migration> AppliedAtOpen { get; }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>An open (pooled) connection; dispose it to return it to the pool.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();

        // Per connection: SQLite's own busy handler waits on locks held by other connections and processes.
        connection.Execute($"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");

        // A pooled connection whose last COMMIT or ROLLBACK failed (SQLITE_BUSY) comes back inside that transaction.
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            connection.Execute("ROLLBACK");
        }

        return connection;
    }

    /// <summary>Starts a <c>BEGIN IMMEDIATE</c> transaction: it takes the write lock up front, waiting for it if need be.</summary>
    public static SqliteTransaction BeginWrite(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    /// <summary>Closes the pooled connections, which checkpoints the WAL into the main file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
