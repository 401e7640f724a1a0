using System.Text;
using System.Text.Json;
using McpGateway.Tests.Common;

namespace McpGateway.Bench;

/// <summary>
/// The processes under test, all from this program's output folder on free loopback ports: the Hello demo server
/// (Streamable HTTP at <c>/mcp</c>), a gateway node whose only backend <c>hello</c> is that server, and optionally a
/// <see cref="BareRelay"/> in front of that server (the floor of a process hop).
/// </summary>
internal sealed class BenchHosts : IAsyncDisposable
{
    internal static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private BenchHosts(ChildProcess hello, Uri helloBase, ChildProcess gateway, Uri gatewayBase, ChildProcess? relay, Uri? relayBase, TempFolder folder)
    {
        Hello = hello;
        HelloBase = helloBase;
        Gateway = gateway;
        GatewayBase = gatewayBase;
        Relay = relay;
        RelayBase = relayBase;
        Folder = folder;
    }

    public ChildProcess Hello { get; }

    public Uri HelloBase { get; }

    public ChildProcess Gateway { get; }

    public Uri GatewayBase { get; }

    /// <summary>The bare relay to Hello's <c>/mcp</c>; null when it was not asked for.</summary>
    public ChildProcess? Relay { get; }

    public Uri? RelayBase { get; }

    public TempFolder Folder { get; }

    public Uri HelloMcp => new(HelloBase, "/mcp");

    public Uri GatewayMcp => new(GatewayBase, "/mcp");

    public Uri? RelayMcp => RelayBase is null ? null : new(RelayBase, "/mcp");

    /// <summary>Starts Hello, the gateway and, when <paramref name="withRelay"/>, the bare relay; returns once each lists its echo tool.</summary>
    public static async Task<BenchHosts> StartAsync(HttpClient http, IReadOnlyDictionary<string, string> extraGatewayEnvironment, bool withRelay)
    {
        foreach (var dll in new[] { "Hello.dll", "mcpgw.dll" })
        {
            if (!File.Exists(Path.Combine(AppContext.BaseDirectory, dll)))
            {
                throw new FileNotFoundException($"{dll} is not in {AppContext.BaseDirectory}; build bench/Bench (it references the gateway, which brings Hello).");
            }
        }

        var folder = new TempFolder("mcpgw-bench");
        ChildProcess? hello = null;
        ChildProcess? gateway = null;
        ChildProcess? relay = null;
        try
        {
            var helloBase = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            hello = StartLogged("Hello.dll", ["--urls", helloBase.ToString().TrimEnd('/')], Path.Combine(folder.Path, "hello.log"), new Dictionary<string, string?>());
            await hello.WaitForHttpAsync(new Uri(helloBase, "/health"), StartTimeout);

            folder.Write("config/tools.yaml", $"""
                backends:
                  - name: hello
                    transport: streamable-http
                    url: {new Uri(helloBase, "/mcp")}

                """);
            folder.Write("config/policy.yaml", """
                roles:
                  admin:
                    tools: ["*"]

                """);
            var gatewayBase = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            // The bench measures the gateway, not its limits: they are set far above what it offers.
            var gatewayEnvironment = new Dictionary<string, string?>
            {
                ["LOG_LEVEL"] = "Warning",
                ["GATEWAY_AUTH_MODE"] = "none",
                ["RATE_LIMIT_USER_PER_MINUTE"] = "1000000000",
                ["RATE_LIMIT_TOOL_PER_MINUTE"] = "1000000000",
            };
            foreach (var (key, value) in extraGatewayEnvironment)
            {
                gatewayEnvironment[key] = value;
            }

            gateway = StartLogged(
                "mcpgw.dll",
                ["--urls", gatewayBase.ToString().TrimEnd('/'), "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")],
                Path.Combine(folder.Path, "gateway.log"),
                gatewayEnvironment);
            await gateway.WaitForHttpAsync(new Uri(gatewayBase, "/health/ready"), StartTimeout);

            Uri? relayBase = null;
            if (withRelay)
            {
                relayBase = new Uri($"http://127.0.0.1:{FreePort.Next()}");
                // Server GC like Hello and the gateway (ASP.NET Core apps' default), not this program's workstation GC.
                relay = StartLogged(
                    Path.GetFileName(typeof(BareRelay).Assembly.Location),
                    [BareRelay.Mode, "--listen", relayBase.ToString().TrimEnd('/'), "--target", new Uri(helloBase, "/mcp").ToString()],
                    Path.Combine(folder.Path, "relay.log"),
                    new Dictionary<string, string?> { ["DOTNET_gcServer"] = "1" });
                await relay.WaitForHttpAsync(new Uri(relayBase, "/health"), StartTimeout);
            }

            var hosts = new BenchHosts(hello, helloBase, gateway, gatewayBase, relay, relayBase, folder);
            await WaitForToolAsync(http, hosts.GatewayMcp, "hello.echo", gateway);
            await WaitForToolAsync(http, hosts.HelloMcp, "echo", hello);
            if (relay is not null)
            {
                await WaitForToolAsync(http, hosts.RelayMcp!, "echo", relay);
            }

            return hosts;
        }
        catch
        {
            if (relay is not null)
            {
                await relay.DisposeAsync();
            }

            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (hello is not null)
            {
                await hello.DisposeAsync();
            }

            foreach (var log in new[] { "hello.log", "gateway.log", "relay.log" })
            {
                var path = Path.Combine(folder.Path, log);
                if (File.Exists(path))
                {
                    Console.Error.WriteLine($"--- {log}");
                    Console.Error.WriteLine(LogTail(path, 40));
                }
            }

            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The last <paramref name="count"/> lines of a server's log that are not stack frames (the messages say what
    /// happened; a crash's frames run to hundreds of lines), after a line saying how many there were.
    /// </summary>
    internal static string LogTail(string path, int count)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path).Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ToArray() : [];
        return $"(last {Math.Min(lines.Length, count)} of its {lines.Length} lines that are not stack frames)" + Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(count));
    }

    public string HelloLog => Path.Combine(Folder.Path, "hello.log");

    public string GatewayLog => Path.Combine(Folder.Path, "gateway.log");

    public string RelayLog => Path.Combine(Folder.Path, "relay.log");

    /// <summary>
    /// <c>dotnet &lt;dll&gt; args…</c> with stdout and stderr going straight to <paramref name="logFile"/>, not through a pipe into
    /// this process: a chatty server must not cost the load generator CPU and memory. <c>sh -c 'exec env …'</c> replaces the
    /// shell and env replaces itself, so the process id is the server's own (for the CPU meter and for killing it);
    /// arguments are passed as positional parameters, never interpolated into the script.
    /// </summary>
    internal static ChildProcess StartLogged(string dll, string[] arguments, string logFile, Dictionary<string, string?> environment)
    {
        if (!File.Exists("/bin/sh"))
        {
            return ChildProcess.StartDotnet(dll, arguments, environment: environment);
        }

        // The variables go through env(1) as KEY=VALUE arguments: dash drops inherited names that are not shell
        // identifiers, such as Logging__LogLevel__Some.Category.
        var assignments = environment.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}");
        return ChildProcess.Start(
            "/bin/sh",
            ["-c", "exec env \"$@\" >>\"$BENCH_LOG_FILE\" 2>&1", "sh", .. assignments, ChildProcess.DotnetHost, Path.Combine(AppContext.BaseDirectory, dll), .. arguments],
            environment: new Dictionary<string, string?> { ["BENCH_LOG_FILE"] = logFile });
    }

    /// <summary>Polls a stateless <c>tools/list</c> until it lists <paramref name="tool"/>.</summary>
    internal static async Task WaitForToolAsync(HttpClient http, Uri endpoint, string tool, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with {process.ExitCode} (its output is below).");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new StringContent(
                        """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}""",
                        Encoding.UTF8,
                        "application/json"),
                };
                request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
                request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", EchoTarget.ProtocolVersion);
                request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/list");
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? EchoResponse.FindSseResponse(text, 1) : text;
                last = $"HTTP {(int)response.StatusCode}: {text}";
                if (response.IsSuccessStatusCode && json is not null && ListsTool(json, tool))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"tools/list at {endpoint} did not list {tool} within {StartTimeout} (last: {last}); its output is below.");
    }

    private static bool ListsTool(string json, string tool)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("result", out var result)
            && result.TryGetProperty("tools", out var tools)
            && tools.ValueKind == JsonValueKind.Array
            && tools.EnumerateArray().Any(t => t.TryGetProperty("name", out var name) && name.ValueEquals(tool));
    }

    public async ValueTask DisposeAsync()
    {
        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        await Hello.DisposeAsync();
        Folder.Dispose();
    }
}
