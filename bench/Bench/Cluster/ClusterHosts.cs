using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Bench.Cluster;

/// <summary>A private PostgreSQL, the Hello server over HTTP and <c>n</c> gateway nodes on that database, all on loopback.</summary>
internal sealed class ClusterHosts : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private PostgresServer? _postgres;

    public TempFolder Folder { get; } = new("mcpgw-bench-cluster");

    public List<Uri> Nodes { get; } = [];

    /// <summary>The Hello server's own <c>/mcp</c> endpoint: the direct call every gateway phase is compared with.</summary>
    public Uri Backend { get; private set; } = null!;

    public static async Task<ClusterHosts> StartAsync(HttpClient http, int nodes)
    {
        var hosts = new ClusterHosts();
        try
        {
            await hosts.StartAllAsync(http, nodes);
            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(HttpClient http, int nodes)
    {
        _postgres = await PostgresServer.StartAsync();
        var database = await _postgres.CreateDatabaseAsync("bench");
        var helloBase = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var hello = Track(BenchHosts.StartLogged("Hello.dll", ["--urls", helloBase.ToString().TrimEnd('/')], Path.Combine(Folder.Path, "hello.log"), []));
        await hello.WaitForHttpAsync(new Uri(helloBase, "/health"), BenchHosts.StartTimeout);
        Backend = new Uri(helloBase, "/mcp");
        Folder.Write("config/tools.yaml", $"backends:\n  - name: hello\n    transport: streamable-http\n    url: {new Uri(helloBase, "/mcp")}\n");
        Folder.Write("config/policy.yaml", "roles:\n  admin:\n    tools: [\"*\"]\n");

        for (var i = 1; i <= nodes; i++)
        {
            var node = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            var process = Track(BenchHosts.StartLogged(
                "mcpgw.dll",
                ["--urls", node.ToString().TrimEnd('/'), "--config-dir", Path.Combine(Folder.Path, "config")],
                Path.Combine(Folder.Path, $"node{i}.log"),
                new Dictionary<string, string?>(NodeEnvironment.PerNode(new Dictionary<string, string?> { ["DATABASE_URL"] = database.Url }))
                {
                    ["LOG_LEVEL"] = "Warning",
                    ["GATEWAY_AUTH_MODE"] = "none",
                    ["DATABASE_URL"] = database.Url,
                    ["GATEWAY_NODE_ID"] = $"node{i}",

                    // What is measured is the cluster, not the traffic limits (RATE_LIMIT_*, 100 calls a minute per tool).
                    ["RATE_LIMIT_USER_PER_MINUTE"] = "1000000000",
                    ["RATE_LIMIT_TOOL_PER_MINUTE"] = "1000000000",
                }));
            await process.WaitForHttpAsync(new Uri(node, "/health/ready"), BenchHosts.StartTimeout);
            await BenchHosts.WaitForToolAsync(http, new Uri(node, "/mcp"), "hello.echo", process);
            Nodes.Add(node);
        }
    }

    /// <summary>Fails with each dead process's exit code and the end of its log, so a node lost mid-run is not a bare "connection refused".</summary>
    public void EnsureAlive()
    {
        var dead = _processes.Select((p, i) => (Process: p, Log: i == 0 ? "hello.log" : $"node{i}.log")).Where(p => p.Process.HasExited).ToList();
        if (dead.Count == 0)
        {
            return;
        }

        var message = new System.Text.StringBuilder();
        foreach (var (process, log) in dead)
        {
            message.AppendLine($"--- {log}: exited with {process.ExitCode}");
            message.AppendLine(BenchHosts.LogTail(Path.Combine(Folder.Path, log), 60));
        }

        throw new InvalidOperationException(message.ToString());
    }

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Folder.Dispose();
    }
}
