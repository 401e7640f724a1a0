namespace McpGateway.Tests.Common;

/// <summary>
/// A gRPC provider of proto/provider.proto as a real process on a free loopback port: the C# HelloProvider (from the
/// test's output folder) or the Go hello-go (built by scripts/build-providers.sh into providers/hello-go/bin).
/// </summary>
public sealed class ProviderProcess : IAsyncDisposable
{
    private ProviderProcess(ChildProcess process, int port, bool tls)
    {
        Process = process;
        Port = port;
        Url = new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}");
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public Uri Url { get; }

    /// <summary>The Go provider's binary (built by scripts/build-providers.sh).</summary>
    public static string GoBinary => Path.Combine(RepoPaths.Root, "providers", "hello-go", "bin", "hello-go");

    /// <summary>Starts the C# provider; <paramref name="extraArguments"/> e.g. the TLS files.</summary>
    public static Task<ProviderProcess> StartCSharpAsync(
        string name = "hello-cs", IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string?>? environment = null, int? port = null)
    {
        var listen = port ?? FreePort.Next();
        var arguments = new List<string> { "--listen", $"127.0.0.1:{listen}", "--name", name };
        arguments.AddRange(extraArguments ?? []);
        return WaitAsync(ChildProcess.StartDotnet("HelloProvider.dll", arguments, environment: environment), listen, arguments.Contains("--tls-cert"));
    }

    /// <summary>Starts the Go provider; fails with a clear message when it was not built.</summary>
    public static Task<ProviderProcess> StartGoAsync(
        string name = "hello-go", IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string?>? environment = null, int? port = null)
    {
        if (!File.Exists(GoBinary))
        {
            throw new InvalidOperationException($"{GoBinary} is missing: run scripts/build-providers.sh (scripts/test.sh does)");
        }

        var listen = port ?? FreePort.Next();
        var arguments = new List<string> { "--listen", $"127.0.0.1:{listen}", "--name", name };
        arguments.AddRange(extraArguments ?? []);
        return WaitAsync(ChildProcess.Start(GoBinary, arguments, environment: environment), listen, arguments.Contains("--tls-cert"));
    }

    /// <summary>Waits for the provider's "NAME listening on URL" line, failing early if it exits.</summary>
    private static async Task<ProviderProcess> WaitAsync(ChildProcess process, int port, bool tls)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!process.Lines.Any(line => line.Contains(" listening on ", StringComparison.Ordinal)))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The provider exited with {process.ExitCode} before listening:\n{process.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                await process.DisposeAsync();
                throw new TimeoutException($"The provider did not listen within 60 s:\n{process.Output}");
            }

            await Task.WhenAny(process.Exited, Task.Delay(50));
        }

        return new ProviderProcess(process, port, tls);
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
