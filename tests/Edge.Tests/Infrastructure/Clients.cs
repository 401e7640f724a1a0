using ModelContextProtocol.Client;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>MCP clients of the C# SDK pointed at a gateway endpoint.</summary>
public static class Clients
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A Streamable HTTP client; <paramref name="protocolVersion"/> null speaks the SDK's default (2026-07-28).</summary>
    public static Task<McpClient> ConnectAsync(Uri endpoint, string? protocolVersion, CancellationToken cancellationToken = default) =>
        ConnectWithAsync(endpoint, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken);

    /// <summary>A Streamable HTTP client with its own options (handlers, capabilities, revision).</summary>
    public static Task<McpClient> ConnectWithAsync(Uri endpoint, McpClientOptions options, CancellationToken cancellationToken = default) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }),
            options,
            cancellationToken: cancellationToken);
}
