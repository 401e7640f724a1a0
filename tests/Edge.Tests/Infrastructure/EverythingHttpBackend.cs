using System.Net.Sockets;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// The npm reference server <c>@modelcontextprotocol/server-everything</c> over Streamable HTTP (stateful: a session
/// per initialize, answers as event streams) as a real child process on a free loopback port.
/// </summary>
public sealed class EverythingHttpBackend : IAsyncDisposable
{
    private EverythingHttpBackend(ChildProcess process, Uri endpoint)
    {
        Process = process;
        Endpoint = endpoint;
    }

    public ChildProcess Process { get; }

    public Uri Endpoint { get; }

    /// <summary>The backend entry of a tools.yaml naming it <paramref name="name"/>.</summary>
    public string Config(string name = "everything") => $"  - name: {name}\n    transport: streamable-http\n    url: {Endpoint}\n    discovery_timeout_seconds: 15\n";

    public static async Task<EverythingHttpBackend> StartAsync()
    {
        var port = FreePort.Next();
        var script = Path.Combine(RepoPaths.NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js");
        var process = ChildProcess.Start("node", [script, "streamableHttp"], environment: new Dictionary<string, string?> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"server-everything exited with {process.ExitCode}:\n{process.Output}");
                    }

                    try
                    {
                        using var socket = new TcpClient();
                        await socket.ConnectAsync("127.0.0.1", port);
                        return true;
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                },
                "server-everything to listen",
                TimeSpan.FromSeconds(30),
                () => process.Output);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new EverythingHttpBackend(process, new Uri($"http://127.0.0.1:{port}/mcp"));
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
