namespace McpGateway.Tests.Common;

/// <summary>A real <c>nats-server -js</c> (Debian package nats-server) on a free loopback port with its own store folder.</summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempFolder _store;

    private NatsServer(ChildProcess process, TempFolder store, int port)
    {
        _process = process;
        _store = store;
        Url = $"nats://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static string Binary => File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";

    public static async Task<NatsServer> StartAsync()
    {
        var store = new TempFolder("mcpgw-nats");
        var port = FreePort.Next();
        var process = ChildProcess.Start(Binary, ["-js", "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-sd", store.Path]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!process.Lines.Any(line => line.Contains("Server is ready", StringComparison.Ordinal)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await process.DisposeAsync();
                store.Dispose();
                throw new InvalidOperationException($"nats-server did not start:\n{process.Output}");
            }

            await Task.WhenAny(process.Exited, Task.Delay(50));
        }

        return new NatsServer(process, store, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _store.Dispose();
    }
}
