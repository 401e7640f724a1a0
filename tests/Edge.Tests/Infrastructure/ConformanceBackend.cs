using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// The conformance backend (src/Tools/Conformance) as a real child process on a loopback port, and the
/// <c>tools.yaml</c> entries (backend <c>conf</c>) that reach it over Streamable HTTP or legacy SSE, or start it over stdio.
/// </summary>
public sealed class ConformanceBackend : IAsyncDisposable
{
    private readonly BackendProcess _process;

    private ConformanceBackend(BackendProcess process) => _process = process;

    public Uri BaseAddress => _process.BaseAddress;

    public static async Task<ConformanceBackend> StartAsync() => new(await BackendProcess.StartAsync(BackendProcess.Conformance));

    /// <summary>The backend entry <c>conf</c> over <paramref name="transport"/>, speaking <paramref name="protocolVersion"/> (null: the gateway's default).</summary>
    public string Entry(string transport, string? protocolVersion)
    {
        var version = protocolVersion is null ? "" : $"    protocol_version: \"{protocolVersion}\"\n";
        return transport switch
        {
            "streamable-http" => $"  - name: conf\n    transport: streamable-http\n    url: {new Uri(BaseAddress, "/mcp")}\n{version}",
            "sse" => $"  - name: conf\n    transport: sse\n    url: {new Uri(BaseAddress, "/sse")}\n{version}",
            "stdio" => $"  - name: conf\n    transport: stdio\n    command: [dotnet, \"${{APP_DIR}}/Conformance.dll\", --stdio]\n    discovery_timeout_seconds: 20\n{version}",
            _ => throw new ArgumentOutOfRangeException(nameof(transport)),
        };
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
