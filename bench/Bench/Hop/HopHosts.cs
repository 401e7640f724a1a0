using System.Diagnostics;
using System.Net.Sockets;
using McpGateway.Tests.Common;

namespace McpGateway.Bench.Hop;

/// <summary>
/// The processes of the hop benchmark, each on a free loopback port with its output in a file: the backends
/// (server-everything over Streamable HTTP, the Node SDK server stateful and stateless, Hello), one gateway node with
/// all of them (and server-everything over stdio) as backends, and the Node peers mcp-proxy and supergateway, each in
/// front of server-everything over stdio, the way they are deployed.
/// </summary>
internal sealed class HopHosts : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];

    private HopHosts(TempFolder folder) => Folder = folder;

    public TempFolder Folder { get; }

    public static string NodeFolder => Path.Combine(RepoPaths.Root, "bench", "node");

    private static string Everything => Path.Combine(NodeFolder, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");

    private static string SdkServer => Path.Combine(NodeFolder, "sdk-server.mjs");

    public Endpoint EverythingHttp { get; private set; } = null!;

    public Endpoint NodeSdk { get; private set; } = null!;

    public Endpoint NodeSdkStateless { get; private set; } = null!;

    public Endpoint Hello { get; private set; } = null!;

    public Endpoint Gateway { get; private set; } = null!;

    /// <summary>A second gateway node, the same but with <c>GATEWAY_AUDIT_FSYNC=true</c>: what fsync-before-answer costs.</summary>
    public Endpoint GatewayFsync { get; private set; } = null!;

    public Endpoint McpProxy { get; private set; } = null!;

    public Endpoint Supergateway { get; private set; } = null!;

    /// <summary>A server under test: its <c>/mcp</c> URL and its process (for the CPU meter).</summary>
    internal sealed record Endpoint(string Name, Uri Mcp, ChildProcess Process);

    /// <summary>Installs bench/node's packages from its lock file (<c>npm ci</c>) unless they are there.</summary>
    public static void EnsureNodePackages()
    {
        if (File.Exists(Everything) && Directory.Exists(Path.Combine(NodeFolder, "node_modules", "mcp-proxy")) && Directory.Exists(Path.Combine(NodeFolder, "node_modules", "supergateway")))
        {
            return;
        }

        Console.Error.WriteLine("installing bench/node packages (npm ci)");
        using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = NodeFolder, UseShellExecute = false })!;
        npm.WaitForExit();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {NodeFolder} failed with {npm.ExitCode}");
        }
    }

    public static async Task<HopHosts> StartAsync(HttpClient http, IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        var hosts = new HopHosts(new TempFolder("mcpgw-bench-hop"));
        try
        {
            await hosts.StartAllAsync(http, gatewayEnvironment);
            return hosts;
        }
        catch
        {
            foreach (var log in Directory.EnumerateFiles(hosts.Folder.Path, "*.log"))
            {
                var lines = File.ReadAllLines(log);
                Console.Error.WriteLine($"--- {Path.GetFileName(log)} (last {Math.Min(lines.Length, 30)} of {lines.Length} lines)");
                Console.Error.WriteLine(string.Join(Environment.NewLine, lines.TakeLast(30)));
            }

            await hosts.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(HttpClient http, IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        EverythingHttp = await StartNodeAsync("everything", [Everything, "streamableHttp"], port => new() { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        NodeSdk = await StartNodeAsync("node-sdk", [SdkServer, "--port", "{port}"], _ => []);
        NodeSdkStateless = await StartNodeAsync("node-sdk-stateless", [SdkServer, "--port", "{port}", "--stateless"], _ => []);

        var helloPort = FreePort.Next();
        var hello = Track(BenchHosts.StartLogged("Hello.dll", ["--urls", $"http://127.0.0.1:{helloPort}"], Log("hello"), []));
        await hello.WaitForHttpAsync(new Uri($"http://127.0.0.1:{helloPort}/health"), BenchHosts.StartTimeout);
        Hello = new Endpoint("hello", new Uri($"http://127.0.0.1:{helloPort}/mcp"), hello);

        Folder.Write("config/tools.yaml", $"""
            backends:
              - name: everything
                transport: streamable-http
                url: {EverythingHttp.Mcp}
              - name: nodesdk
                transport: streamable-http
                url: {NodeSdk.Mcp}
              - name: nodesdkless
                transport: streamable-http
                url: {NodeSdkStateless.Mcp}
              - name: hello
                transport: streamable-http
                url: {Hello.Mcp}
              - name: evstdio
                transport: stdio
                command: [node, "{Everything}", stdio]

            """);
        Folder.Write("config/policy.yaml", "roles:\n  admin:\n    tools: [\"*\"]\n");
        Gateway = await StartGatewayAsync(http, "gateway", gatewayEnvironment);
        GatewayFsync = await StartGatewayAsync(http, "gateway-fsync", new Dictionary<string, string>(gatewayEnvironment) { ["GATEWAY_AUDIT_FSYNC"] = "true" });

        var proxyBin = Path.Combine(NodeFolder, "node_modules", "mcp-proxy", "dist", "bin", "mcp-proxy.mjs");
        McpProxy = await StartNodeAsync("mcp-proxy", [proxyBin, "--host", "127.0.0.1", "--port", "{port}", "--server", "stream", "--", "node", Everything, "stdio"], _ => []);
        var supergatewayBin = Path.Combine(NodeFolder, "node_modules", "supergateway", "dist", "index.js");
        Supergateway = await StartNodeAsync(
            "supergateway",
            [supergatewayBin, "--stdio", $"node {Everything} stdio", "--outputTransport", "streamableHttp", "--stateful", "--port", "{port}", "--logLevel", "none"],
            _ => []);
    }

    private async Task<Endpoint> StartGatewayAsync(HttpClient http, string name, IReadOnlyDictionary<string, string> gatewayEnvironment)
    {
        var gatewayPort = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["LOG_LEVEL"] = "Warning",
            ["GATEWAY_AUTH_MODE"] = "none",
            ["RATE_LIMIT_USER_PER_MINUTE"] = "1000000000",
            ["RATE_LIMIT_TOOL_PER_MINUTE"] = "1000000000",
            ["GATEWAY_INITIALIZE_PER_MINUTE"] = "1000000",
        };
        foreach (var (key, value) in gatewayEnvironment)
        {
            environment[key] = value;
        }

        var gateway = Track(BenchHosts.StartLogged(
            "mcpgw.dll",
            ["--urls", $"http://127.0.0.1:{gatewayPort}", "--config-dir", Path.Combine(Folder.Path, "config"), "--data-dir", Path.Combine(Folder.Path, name + "-data")],
            Log(name),
            environment));
        var endpoint = new Endpoint(name, new Uri($"http://127.0.0.1:{gatewayPort}/mcp"), gateway);
        await gateway.WaitForHttpAsync(new Uri($"http://127.0.0.1:{gatewayPort}/health/ready"), BenchHosts.StartTimeout);
        foreach (var tool in new[] { "everything.echo", "nodesdk.echo", "nodesdkless.echo", "hello.echo", "evstdio.echo" })
        {
            await BenchHosts.WaitForToolAsync(http, endpoint.Mcp, tool, gateway);
        }

        return endpoint;
    }

    private string Log(string name) => Path.Combine(Folder.Path, name + ".log");

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// <c>node args…</c> ("{port}" replaced by a free port) with its output in a file; waits until the port accepts
    /// connections. The process id is node's own (<c>exec</c>), for the CPU meter.
    /// </summary>
    private async Task<Endpoint> StartNodeAsync(string name, string[] arguments, Func<int, Dictionary<string, string>> environment)
    {
        var port = FreePort.Next();
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var assignments = environment(port).Select(kv => $"{kv.Key}={kv.Value}");
        var process = Track(ChildProcess.Start(
            "/bin/sh",
            ["-c", "exec env \"$@\" >>\"$BENCH_LOG_FILE\" 2>&1", "sh", .. assignments, "node", .. arguments.Select(a => a.Replace("{port}", portText, StringComparison.Ordinal))],
            workingDirectory: NodeFolder,
            environment: new Dictionary<string, string?> { ["BENCH_LOG_FILE"] = Log(name) }));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {File.ReadAllText(Log(name))}");
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", port);
                break;
            }
            catch (SocketException) when (deadline.Elapsed < BenchHosts.StartTimeout)
            {
                await Task.Delay(100);
            }
        }

        return new Endpoint(name, new Uri($"http://127.0.0.1:{port}/mcp"), process);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        Folder.Dispose();
    }
}
