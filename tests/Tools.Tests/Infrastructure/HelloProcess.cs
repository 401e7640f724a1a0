using McpGateway.Tests.Common;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>
/// The real Hello server (the built Hello.dll copied next to the test assembly) running as a child process on a free
/// loopback port. Disposing kills the process tree.
/// </summary>
public sealed class HelloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ChildProcess _process;

    private HelloProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public static string HelloDll { get; } = Path.Combine(AppContext.BaseDirectory, "Hello.dll");

    /// <summary>The dotnet host running the tests (so the child uses the same runtime).</summary>
    public static string DotnetHost => ChildProcess.DotnetHost;

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public Uri SseEndpoint => new(BaseAddress, "/sse");

    public int ProcessId => _process.Id;

    public string Output => _process.Output;

    /// <summary>Starts <c>dotnet Hello.dll --urls http://127.0.0.1:PORT [extraArgs]</c> and waits for <c>/health</c>.</summary>
    public static async Task<HelloProcess> StartHttpAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var env = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["TOOL_GATEWAY_SHARED_SECRET"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var process = ChildProcess.Start(DotnetHost, [HelloDll, "--urls", baseAddress.ToString().TrimEnd('/'), .. extraArgs], AppContext.BaseDirectory, env);
        var hello = new HelloProcess(process, baseAddress);
        try
        {
            await process.WaitForHttpAsync(new Uri(baseAddress, "/health"), StartTimeout);
            return hello;
        }
        catch (Exception exception)
        {
            var output = hello.Output;
            await hello.DisposeAsync();
            throw new InvalidOperationException($"Hello did not start: {exception.Message}{Environment.NewLine}{output}", exception);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
