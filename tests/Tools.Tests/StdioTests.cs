using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Tools.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tools.Tests;

/// <summary><c>Hello --stdio</c>: MCP over stdin/stdout, logs on stderr, exit when stdin closes.</summary>
public sealed class StdioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(null, "2026-07-28")]
    [InlineData("2025-11-25", "2025-11-25")]
    [InlineData("2025-06-18", "2025-06-18")]
    [InlineData("2024-11-05", "2024-11-05")]
    public async Task Client_over_stdio_works(string? protocolVersion, string expectedVersion)
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await HelloClients.ConnectStdioAsync(protocolVersion, cts.Token);

        Assert.Equal(expectedVersion, client.NegotiatedProtocolVersion);

        output.WriteLine($"negotiated {client.NegotiatedProtocolVersion}, session {client.SessionId ?? "-"}");
        await HelloAssertions.AssertFullContractAsync(client, cts.Token);
    }

    [Fact]
    public async Task Exits_when_stdin_closes_and_writes_only_json_rpc_to_stdout()
    {
        var psi = new ProcessStartInfo(ChildProcess.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(HelloBackend.Dll);
        psi.ArgumentList.Add("--stdio");

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.StandardInput.WriteLineAsync(RawMcp.Initialize("2025-11-25").AsMemory(), cts.Token);
            await process.StandardInput.FlushAsync(cts.Token);

            var line = await process.StandardOutput.ReadLineAsync(cts.Token);
            var response = JsonNode.Parse(line!)!;
            Assert.Equal("hello", response["result"]?["serverInfo"]?["name"]?.GetValue<string>());

            process.StandardInput.Close();

            var rest = await process.StandardOutput.ReadToEndAsync(cts.Token);
            foreach (var extra in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Assert.NotNull(JsonNode.Parse(extra));
            }

            await process.WaitForExitAsync(cts.Token);
            Assert.True(process.HasExited);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.DoesNotContain("Unhandled exception", await stderr, StringComparison.Ordinal);
    }
}
