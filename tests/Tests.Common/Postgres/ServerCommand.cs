using System.Diagnostics;

namespace McpGateway.Tests.Common.Postgres;

/// <summary>
/// Runs a PostgreSQL server program to completion. PostgreSQL refuses to run as root, so as root the program runs as
/// the <c>postgres</c> user through <c>runuser</c> (the folders it uses must be owned by that user).
/// </summary>
internal static class ServerCommand
{
    /// <summary>The account that runs the server when the tests run as root.</summary>
    public const string ServiceUser = "postgres";

    public static bool RunningAsRoot { get; } = Environment.UserName == "root";

    /// <summary>Runs <paramref name="program"/> and returns its output; a non-zero exit throws with that output.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = RunningAsRoot
            ? new ProcessStartInfo("runuser", ["-u", ServiceUser, "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["LC_ALL"] = "C";
        start.Environment.Remove("PGDATA");
        start.Environment.Remove("PGPORT");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(start)} did not finish within {timeout}.");
        }

        var output = (await stdout) + (await stderr);
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{Describe(start)} exited with {process.ExitCode}:\n{output}");
    }

    /// <summary>Hands <paramref name="path"/> (recursively) to the service user when running as root.</summary>
    public static async Task GiveToServiceUserAsync(string path)
    {
        if (!RunningAsRoot)
        {
            return;
        }

        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{ServiceUser}:", path]) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = await chown.StandardError.ReadToEndAsync();
        await chown.WaitForExitAsync();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R {ServiceUser}: {path} failed ({chown.ExitCode}): {error}. Running the tests as root needs the '{ServiceUser}' user (created by the Debian postgresql package).");
        }
    }

    private static string Describe(ProcessStartInfo start) => string.Join(' ', [start.FileName, .. start.ArgumentList]);
}
