using System.Collections.Concurrent;
using System.Diagnostics;

namespace McpGateway.Tests.Common;

/// <summary>
/// A real child process (never through a shell) whose output is captured; disposing kills its whole tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    /// <summary>The dotnet host running the tests, so that children use the same runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)
            ? path
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    public int Id => _process.Id;

    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task Exited => _exited.Task;

    /// <summary>Lines written so far, stdout and stderr interleaved.</summary>
    public IReadOnlyCollection<string> Lines => _output;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { child._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { child._output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // WaitForExitAsync also waits for the end of the redirected output, so Output is complete once Exited is.
        _ = process.WaitForExitAsync().ContinueWith(_ => child._exited.TrySetResult(), TaskScheduler.Default);
        return child;
    }

    /// <summary>
    /// Starts <c>dotnet &lt;dll&gt; args…</c> with the dll from the test's output folder. A gateway node (<c>mcpgw.dll</c>)
    /// on PostgreSQL gets a silo port of its own unless the test gives one (<see cref="SiloPorts"/>).
    /// </summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        Start(DotnetHost, [Path.Combine(AppContext.BaseDirectory, dll), .. arguments], workingDirectory, dll == "mcpgw.dll" ? SiloPorts.Assign(environment) : environment);

    /// <summary>Waits until <paramref name="url"/> answers 2xx, failing early if the process exits.</summary>
    public async Task WaitForHttpAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The process exited with {ExitCode} before {url} answered:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.WhenAny(Exited, Task.Delay(100));
        }

        throw new TimeoutException($"{url} did not answer within {timeout}:\n{Output}");
    }

    /// <summary>Sends SIGTERM (a graceful stop request).</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends SIGHUP (the gateway checks its configuration files at once).</summary>
    public void Hangup() => Signal("HUP");

    /// <summary>Sends SIGKILL to the process alone (its children are left to notice).</summary>
    public void KillHard() => Signal("KILL");

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
        }

        _process.Dispose();
    }
}
