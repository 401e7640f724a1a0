using ModelContextProtocol.Client;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>SDK clients for the Hello server over each transport.</summary>
public static class HelloClients
{
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    public static McpClientOptions ClientOptions(string? protocolVersion) => new()
    {
        ClientInfo = new() { Name = "tools-tests", Version = "1.0.0" },
        ProtocolVersion = protocolVersion,
    };

    public static Task<McpClient> ConnectHttpAsync(Uri endpoint, HttpTransportMode mode, string? protocolVersion,
        IDictionary<string, string>? headers = null, CancellationToken cancellationToken = default)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = mode,
            Name = "hello-http",
            AdditionalHeaders = headers,
        });
        return McpClient.CreateAsync(transport, ClientOptions(protocolVersion), cancellationToken: cancellationToken);
    }

    public static Task<McpClient> ConnectStdioAsync(string? protocolVersion = null, CancellationToken cancellationToken = default)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "hello-stdio",
            Command = ChildProcess.DotnetHost,
            Arguments = [HelloBackend.Dll, "--stdio"],
            WorkingDirectory = AppContext.BaseDirectory,
        });
        return McpClient.CreateAsync(transport, ClientOptions(protocolVersion), cancellationToken: cancellationToken);
    }
}
