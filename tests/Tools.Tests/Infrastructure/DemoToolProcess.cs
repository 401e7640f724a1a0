using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;
using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>
/// A demo tool server (Calculator.dll, Git.dll, Docs.dll, built next to the tests) as a child process: over HTTP on a
/// free loopback port (<see cref="StartHttpAsync"/>, a <see cref="BackendProcess"/>) or as an SDK client over stdio
/// (<see cref="ConnectStdioAsync"/>).
/// </summary>
public sealed class DemoToolProcess : IAsyncDisposable
{
    private readonly BackendProcess _backend;

    private DemoToolProcess(BackendProcess backend) => _backend = backend;

    public Uri BaseAddress => _backend.BaseAddress;

    public Uri McpEndpoint => _backend.McpEndpoint;

    public string Output => _backend.Output;

    public static string Dll(string name) => BackendProcess.PathOf(name + ".dll");

    /// <summary>Starts <c>dotnet {name}.dll --urls http://127.0.0.1:PORT [extraArgs]</c> and waits for <c>/health</c>.</summary>
    public static async Task<DemoToolProcess> StartHttpAsync(string name, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var env = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["TOOL_GATEWAY_SHARED_SECRET"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return new DemoToolProcess(await BackendProcess.StartAsync(name + ".dll", environment: env, arguments: extraArgs));
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

    /// <summary>Waits until a line of the process's output contains <paramref name="text"/> (fails at once if it exits).</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => Eventually.UntilAsync(
        () => _backend.Process.Lines.Any(l => l.Contains(text, StringComparison.Ordinal))
            || (_backend.Process.HasExited ? throw new InvalidOperationException($"The process exited before writing '{text}':\n{Output}") : false),
        $"'{text}' in the output",
        timeout,
        () => Output);

    public ValueTask DisposeAsync() => _backend.DisposeAsync();
}
