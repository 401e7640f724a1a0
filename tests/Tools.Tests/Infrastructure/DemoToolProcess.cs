using McpGateway.Tests.Common;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>
/// A demo tool server (Calculator.dll, Git.dll, Docs.dll, built next to the tests) as a child process: over HTTP on a
/// free loopback port (<see cref="StartHttpAsync"/>) or as an SDK client over stdio (<see cref="ConnectStdioAsync"/>).
/// </summary>
public sealed class DemoToolProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ChildProcess _process;

    private DemoToolProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public string Output => _process.Output;

    public static string Dll(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    /// <summary>Starts <c>dotnet {name}.dll --urls http://127.0.0.1:PORT [extraArgs]</c> and waits for <c>/health</c>.</summary>
    public static async Task<DemoToolProcess> StartHttpAsync(string name, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var env = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["TOOL_GATEWAY_SHARED_SECRET"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = ChildProcess.StartDotnet(Dll(name), ["--urls", baseAddress.ToString().TrimEnd('/'), .. extraArgs], AppContext.BaseDirectory, env);
        var server = new DemoToolProcess(process, baseAddress);
        try
        {
            await process.WaitForHttpAsync(new Uri(baseAddress, "/health"), StartTimeout);
            return server;
        }
        catch (Exception exception)
        {
            var output = server.Output;
            await server.DisposeAsync();
            throw new InvalidOperationException($"{name} did not start: {exception.Message}{Environment.NewLine}{output}", exception);
        }
    }

    /// <summary>An SDK client of <c>dotnet {name}.dll --stdio [extraArgs]</c>.</summary>
    public static Task<McpClient> ConnectStdioAsync(string name, IReadOnlyList<string>? extraArgs = null, CancellationToken cancellationToken = default)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = name + "-stdio",
            Command = ChildProcess.DotnetHost,
            Arguments = [Dll(name), "--stdio", .. extraArgs ?? []],
            WorkingDirectory = AppContext.BaseDirectory,
        });
        return McpClient.CreateAsync(transport, HelloClients.ClientOptions(null), cancellationToken: cancellationToken);
    }

    /// <summary>An SDK Streamable HTTP client of this server, with optional extra headers.</summary>
    public Task<McpClient> ConnectHttpAsync(IDictionary<string, string>? headers = null, CancellationToken cancellationToken = default) =>
        HelloClients.ConnectHttpAsync(McpEndpoint, HttpTransportMode.StreamableHttp, null, headers, cancellationToken);

    /// <summary>Waits until a line of the process's output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!_process.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited before writing '{text}':\n{Output}");
            }

            try
            {
                await Task.WhenAny(_process.Exited, Task.Delay(50, cts.Token));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"'{text}' was not written within {timeout}:\n{Output}");
            }
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
