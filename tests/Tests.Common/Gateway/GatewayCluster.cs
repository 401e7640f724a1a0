using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Tests.Common.Gateway;

/// <summary>
/// The cluster fixture: several <c>mcpgw</c> processes (<see cref="GatewayProcess"/>) on one fresh PostgreSQL database
/// and one config folder, each with its own data folder. The first node migrates the database before the others start.
/// </summary>
public sealed class GatewayCluster : IAsyncDisposable
{
    private readonly SortedDictionary<int, GatewayProcess> _nodes = [];
    private readonly TempFolder _folder;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Func<int, IReadOnlyDictionary<string, string?>>? _perNode;
    private int _started;

    private GatewayCluster(TempFolder folder, PostgresTestDatabase database, IReadOnlyDictionary<string, string?> settings, Func<int, IReadOnlyDictionary<string, string?>>? perNode)
    {
        _folder = folder;
        Database = database;
        _settings = settings;
        _perNode = perNode;
    }

    public PostgresTestDatabase Database { get; }

    /// <summary>The nodes, in the order they were asked for (node i has data folder <c>data{i}</c>).</summary>
    public IReadOnlyList<GatewayProcess> Nodes
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes.Values];
            }
        }
    }

    public Uri Node(int index) => Nodes[index].BaseAddress;

    /// <summary>
    /// Starts <paramref name="count"/> nodes with <paramref name="folder"/>'s <c>config</c> (written by the test) and
    /// <paramref name="settings"/> (<c>DATABASE_URL</c> is the new database's), plus <paramref name="perNode"/>'s
    /// settings of node i. The folder stays the test's.
    /// </summary>
    public static async Task<GatewayCluster> StartAsync(
        int count,
        TempFolder folder,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<int, IReadOnlyDictionary<string, string?>>? perNode = null,
        string databasePrefix = "cluster")
    {
        var database = await SharedPostgres.CreateDatabaseAsync(databasePrefix);
        var shared = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["DATABASE_URL"] = database.Url };
        var cluster = new GatewayCluster(folder, database, shared, perNode);
        try
        {
            if (count > 0)
            {
                await cluster.AddNodeAsync();
                await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => cluster.AddNodeAsync()));
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node (its own data folder) and waits until it is ready.</summary>
    public async Task<GatewayProcess> AddNodeAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var index = Interlocked.Increment(ref _started) - 1;
        var nodeSettings = new Dictionary<string, string?>(_settings);
        foreach (var (name, value) in _perNode?.Invoke(index) ?? new Dictionary<string, string?>())
        {
            nodeSettings[name] = value;
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            nodeSettings[name] = value;
        }

        var node = await GatewayProcess.StartAsync(new GatewayNodeSpec
        {
            ConfigDirectory = Path.Combine(_folder.Path, "config"),
            DataDirectory = Path.Combine(_folder.Path, $"data{index}"),
            Settings = nodeSettings,
        });
        lock (_nodes)
        {
            _nodes[index] = node;
        }

        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
