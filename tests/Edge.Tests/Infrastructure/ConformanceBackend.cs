using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// The conformance backend (src/Tools/Conformance) as a real child process on a loopback port, and the
/// <c>tools.yaml</c> entries (backend <c>conf</c>) that reach it over Streamable HTTP or legacy SSE, or start it over stdio.
/// </summary>
public sealed class ConformanceBackend : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ConformanceBackend(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ConformanceBackend> StartAsync()
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var process = ChildProcess.StartDotnet("Conformance.dll", ["--urls", baseAddress.ToString()]);
        try
        {
            await process.WaitForHttpAsync(new Uri(baseAddress, "/health"), TimeSpan.FromSeconds(60));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new ConformanceBackend(process, baseAddress);
    }

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
