using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace McpGateway.Tests.Common.Postgres;

/// <summary>
/// A private PostgreSQL server for tests: <c>initdb</c> in a temporary folder, listening on a free loopback port with
/// its unix socket inside that folder, started with <c>pg_ctl start -w</c>. Disposing stops it and deletes the folder.
/// As root the server runs as the <c>postgres</c> user. Durability settings are off (fsync), which only matters if the
/// machine itself crashes.
/// </summary>
/// <remarks>
/// Most tests share one server per test assembly (<see cref="SharedPostgres"/>) and take a fresh database each.
/// A test that stops and restarts the server starts its own with <see cref="StartAsync"/>.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The superuser created by <c>initdb</c>; it logs in over TCP with <see cref="Password"/>.</summary>
    public const string User = "mcpgw";

    private const string FolderPrefix = "mcpgw-pg-";
    private const string OwnerFile = "owner.pid";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _running;

    private PostgresServer(string folder, string password)
    {
        Folder = folder;
        Password = password;
    }

    /// <summary>The temporary folder: <c>data/</c> (the cluster), <c>socket/</c>, <c>server.log</c>.</summary>
    public string Folder { get; }

    public string Host => "127.0.0.1";

    /// <summary>The loopback TCP port (kept across <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>A random password of <see cref="User"/>.</summary>
    public string Password { get; }

    public bool IsRunning => _running;

    private string DataDirectory => Path.Combine(Folder, "data");

    private string SocketDirectory => Path.Combine(Folder, "socket");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>The server's log so far (for failure messages).</summary>
    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Creates and starts a new server. Fails (never skips) when the binaries are missing.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        _ = PostgresBinaries.Directory;
        StaleServers.Clean(FolderPrefix, OwnerFile);

        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new PostgresServer(folder, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        try
        {
            await server.InitializeAsync();
            await server.StartOnFreePortAsync();
            Watchdog.Start(server.Folder, server.DataDirectory);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> over TCP with the password.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = User,
        Password = Password,
        Database = database,
        // A restarted server kills pooled connections; tests that restart it want the pool to notice quickly.
        Timeout = 10,
    }.ConnectionString;

    /// <summary>The same as a <c>postgres://</c> URL, as <c>DATABASE_URL</c> takes it.</summary>
    public string Url(string database = "postgres") =>
        $"postgres://{User}:{Password}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(database)}?sslmode=disable";

    /// <summary>Creates an empty database with a random name (<paramref name="prefix"/> plus a suffix).</summary>
    public async Task<PostgresTestDatabase> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix.ToLowerInvariant()}_{Guid.NewGuid().ToString("N")[..16]}";
        await using (var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresTestDatabase(this, name);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>), closing every connection; the data stays.</summary>
    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_running)
            {
                await PgCtlAsync("stop", "-m", "fast");
                _running = false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts a stopped server again on the same port with the same data.</summary>
    public async Task StartAgainAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (!_running)
            {
                await StartOnAsync(Port);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server (if running) and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_running || File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await PgCtlAsync("stop", "-m", "immediate");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                // Already stopped; the folder goes anyway.
            }

            _running = false;
        }

        DeleteFolder(Folder);
        _gate.Dispose();
    }

    internal static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: litter in the temp folder is removed by the next run's stale-server sweep.
        }
    }

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(SocketDirectory);
        var passwordFile = Path.Combine(Folder, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        await ServerCommand.GiveToServiceUserAsync(Folder);
        await ServerCommand.RunAsync(
            PostgresBinaries.InitDb,
            ["-D", DataDirectory, "-U", User, "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "--no-locale", "-E", "UTF8", "--no-sync"],
            Folder,
            CommandTimeout);
        File.Delete(passwordFile);

        // Appended by us (as root the file keeps its owner and mode): tuned for tests, not for durability.
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), $"""

            # McpGateway tests
            listen_addresses = '{Host}'
            unix_socket_directories = '{SocketDirectory}'
            max_connections = 300
            shared_buffers = 32MB
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            logging_collector = off
            log_min_messages = warning

            """);
    }

    private async Task StartOnFreePortAsync()
    {
        // Another process may take the free port between the probe and the start: try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnAsync(FreePort.Next());
                return;
            }
            catch (InvalidOperationException) when (attempt < 5)
            {
            }
        }
    }

    private async Task StartOnAsync(int port)
    {
        try
        {
            await PgCtlAsync("start", "-w", "-t", "60", "-l", LogFile, "-o", $"-p {port.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"PostgreSQL did not start on port {port}: {e.Message}\nserver.log:\n{ReadLog()}", e);
        }

        Port = port;
        _running = true;
    }

    private Task<string> PgCtlAsync(string action, params string[] arguments) =>
        ServerCommand.RunAsync(PostgresBinaries.PgCtl, [action, "-D", DataDirectory, .. arguments], Folder, CommandTimeout);

    /// <summary>
    /// A shell that waits for this test process to end, however it ends (normal exit, the test host killed by the
    /// runner, a crash), then stops the server and deletes its folder; after a proper disposal it finds nothing to do.
    /// </summary>
    private static class Watchdog
    {
        public static void Start(string folder, string dataDirectory)
        {
            var stop = ServerCommand.RunningAsRoot ? $"runuser -u {ServerCommand.ServiceUser} -- \"$1\"" : "\"$1\"";
            var script = $"while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; {stop} stop -D \"$2\" -m immediate >/dev/null 2>&1; rm -rf \"$3\"";
            var start = new ProcessStartInfo("sh", ["-c", script, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), PostgresBinaries.PgCtl, dataDirectory, folder])
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var _ = Process.Start(start);
        }
    }

    /// <summary>Servers left behind by test processes that died before their teardown (and before their watchdog ran).</summary>
    private static class StaleServers
    {
        public static void Clean(string prefix, string ownerFile)
        {
            foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
            {
                if (!int.TryParse(ReadOwner(Path.Combine(folder, ownerFile)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsAlive(pid))
                {
                    continue;
                }

                var data = Path.Combine(folder, "data");
                if (File.Exists(Path.Combine(data, "postmaster.pid")))
                {
                    try
                    {
                        ServerCommand.RunAsync(PostgresBinaries.PgCtl, ["stop", "-D", data, "-m", "immediate"], folder, CommandTimeout).GetAwaiter().GetResult();
                    }
                    catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                    {
                    }
                }

                DeleteFolder(folder);
            }
        }

        private static string? ReadOwner(string path)
        {
            try
            {
                return File.ReadAllText(path).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static bool IsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
