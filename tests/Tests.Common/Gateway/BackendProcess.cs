namespace McpGateway.Tests.Common.Gateway;

/// <summary>
/// A demo backend of this repository (<c>Hello.dll</c>, <c>Conformance.dll</c>, built next to the test assembly) as a
/// real child process serving HTTP on a loopback port, started once its <c>/health</c> answers. Disposing kills its tree.
/// </summary>
public sealed class BackendProcess : IAsyncDisposable
{
    public const string Hello = "Hello.dll";
    public const string Conformance = "Conformance.dll";

    private BackendProcess(ChildProcess process, Uri baseAddress)
    {
        Process = process;
        BaseAddress = baseAddress;
    }

    public ChildProcess Process { get; }

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public Uri SseEndpoint => new(BaseAddress, "/sse");

    public string Output => Process.Output;

    /// <summary>The path of <paramref name="dll"/> in the test's output folder.</summary>
    public static string PathOf(string dll) => Path.Combine(AppContext.BaseDirectory, dll);

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> --urls http://127.0.0.1:PORT [arguments]</c> (a free port unless
    /// <paramref name="port"/>) with <paramref name="environment"/> (a null value removes an inherited variable), and
    /// waits until <c>/health</c> answers.
    /// </summary>
    public static async Task<BackendProcess> StartAsync(
        string dll,
        int port = 0,
        IReadOnlyDictionary<string, string?>? environment = null,
        IEnumerable<string>? arguments = null,
        TimeSpan? startTimeout = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{(port != 0 ? port : FreePort.Next())}");
        var process = ChildProcess.StartDotnet(dll, ["--urls", baseAddress.ToString().TrimEnd('/'), .. arguments ?? []], AppContext.BaseDirectory, environment);
        var backend = new BackendProcess(process, baseAddress);
        try
        {
            await process.WaitForHttpAsync(new Uri(baseAddress, "/health"), startTimeout ?? TimeSpan.FromSeconds(90));
            return backend;
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
