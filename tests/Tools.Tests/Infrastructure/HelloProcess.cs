using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>
/// The real Hello server (the built Hello.dll copied next to the test assembly) running as a child process
/// on a loopback port picked by Kestrel. Disposing kills the process tree.
/// </summary>
public sealed partial class HelloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HelloProcess(Process process) => _process = process;

    public static string HelloDll { get; } = Path.Combine(AppContext.BaseDirectory, "Hello.dll");

    /// <summary>The dotnet host running the tests (so the child uses the same runtime).</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)
            ? path
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    public Uri BaseAddress { get; private set; } = null!;

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public Uri SseEndpoint => new(BaseAddress, "/sse");

    public int ProcessId => _process.Id;

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <c>dotnet Hello.dll --urls http://127.0.0.1:0 [extraArgs]</c> and waits for <c>/health</c>.</summary>
    public static async Task<HelloProcess> StartHttpAsync(IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var psi = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(HelloDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in extraArgs)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Remove("ASPNETCORE_URLS");
        psi.Environment.Remove("TOOL_GATEWAY_SHARED_SECRET");
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                psi.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var hello = new HelloProcess(process);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            hello._output.Enqueue(e.Data);
            if (ListeningRegex().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                hello._output.Enqueue("[stderr] " + e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Hello exited before listening."));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            hello.BaseAddress = await listening.Task.WaitAsync(StartTimeout);
            await hello.WaitForHealthAsync();
            return hello;
        }
        catch (Exception ex)
        {
            var output = hello.Output;
            await hello.DisposeAsync();
            throw new InvalidOperationException($"Hello did not start: {ex.Message}{Environment.NewLine}{output}", ex);
        }
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("/health did not answer 200.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    [GeneratedRegex(@"Now listening on:\s*(http://\S+)")]
    private static partial Regex ListeningRegex();
}
