using System.Text;
using McpGateway.Edge.Bridge;

namespace McpGateway.Edge.Cli;

/// <summary>
/// <c>mcpgw bridge --endpoint URL [--token T]</c>: a stdio MCP server for local clients that forwards to a gateway
/// endpoint. The token may also come from <c>MCPGW_TOKEN</c>; it is sent as a bearer token and never logged.
/// </summary>
internal static class BridgeCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        if (Arg("--endpoint") is not { } endpointText || !Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync("usage: mcpgw bridge --endpoint http(s)://host:port/[scope/]mcp [--token TOKEN]   (or MCPGW_TOKEN)");
            return 2;
        }

        var token = Arg("--token") ?? Environment.GetEnvironmentVariable("MCPGW_TOKEN");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false };
        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stopping.Cancel();
        };
        try
        {
            return await new StdioHttpBridge(http, endpoint, token, input, output, Console.Error).RunAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
    }
}
