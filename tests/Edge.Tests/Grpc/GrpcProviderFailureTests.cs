using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Tests.Common;
using McpGateway.Upstreams.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Grpc;

/// <summary>
/// gRPC providers that die, refuse the gateway or need mTLS: the others keep serving, calls to a dead one fail fast
/// with "unavailable" (-32010), and TLS is checked both ways.
/// </summary>
public sealed class GrpcProviderFailureTests
{
    private static JsonObject Echo(string tool, string message) =>
        new() { ["name"] = tool, ["arguments"] = new JsonObject { ["message"] = message } };

    private static async Task<JsonObject?> CallAsync(RawMcp raw, string tool, string message) =>
        (await raw.SendAsync(raw.Stateless2026("tools/call", Echo(tool, message)))).Body;

    /// <summary>The Go provider is killed; the C# one keeps serving.</summary>
    [Fact]
    public async Task A_killed_provider_fails_fast_with_unavailable_while_the_other_keeps_serving()
    {
        await using var survivor = await ProviderProcess.StartCSharpAsync("survivor");
        var victim = await ProviderProcess.StartGoAsync("victim");
        await using var gateway = await GatewayHost.StartAsync(GrpcBackends.Entry("survivor", survivor.Url) + GrpcBackends.Entry("victim", victim.Url));
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gateway.WaitForToolAsync("victim.echo.v1", ready.Token);
        await gateway.WaitForToolAsync("survivor.echo.v1", ready.Token);
        using var raw = new RawMcp(gateway.McpEndpoint);
        Assert.Equal("before", (await CallAsync(raw, "victim.echo.v1", "before"))!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        victim.Process.KillHard();
        await victim.Process.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        await victim.DisposeAsync();

        // Every later call to the dead provider is refused as unavailable (first by the failing RPC, then by the
        // connection's backoff or a refused reconnection), never by waiting for the 10 s call timeout.
        for (var i = 0; i < 3; i++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var failed = await CallAsync(raw, "victim.echo.v1", "after");
            Assert.Equal(-32010, RawMcp.ErrorCode(failed));
            Assert.Equal("Backend 'victim' is unavailable", failed!["error"]!["message"]!.GetValue<string>());
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"the call waited {started.Elapsed} (the call timeout is 10 s)");
        }

        Assert.Equal("still here", (await CallAsync(raw, "survivor.echo.v1", "still here"))!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mtls_providers_serve_the_gateway_with_the_client_certificate_and_refuse_others()
    {
        using var folder = new TempFolder();
        var pki = TestCertificates.Create(Path.Combine(folder.Path, "pki"));
        await using var provider = await ProviderProcess.StartCSharpAsync("secure",
            ["--tls-cert", pki.ServerCertificateFile, "--tls-key", pki.ServerKeyFile, "--client-ca", pki.CaFile]);
        await using var goProvider = await ProviderProcess.StartGoAsync("secure-go",
            ["--tls-cert", pki.ServerCertificateFile, "--tls-key", pki.ServerKeyFile, "--client-ca", pki.CaFile]);
        Assert.Equal("https", provider.Url.Scheme);

        await using var gateway = await GatewayHost.StartAsync(
            GrpcBackends.Entry("secure", provider.Url, Tls(pki.CaFile, pki.ClientCertificateFile, pki.ClientKeyFile))
            + GrpcBackends.Entry("secure-go", goProvider.Url, Tls(pki.CaFile, pki.ClientCertificateFile, pki.ClientKeyFile))
            + GrpcBackends.Entry("stranger", provider.Url, Tls(pki.CaFile, pki.StrangerCertificateFile, pki.StrangerKeyFile))
            + GrpcBackends.Entry("anonymous", provider.Url, $"    grpc:\n      tls: {{ ca_file: \"{pki.CaFile}\" }}\n"));
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gateway.WaitForToolAsync("secure.echo.v1", ready.Token);
        using var raw = new RawMcp(gateway.McpEndpoint);

        Assert.Equal("over mtls", (await CallAsync(raw, "secure.echo.v1", "over mtls"))!["result"]!["content"]![0]!["text"]!.GetValue<string>());
        await gateway.WaitForToolAsync("secure-go.echo.v1", ready.Token);
        Assert.Equal("over mtls to go", (await CallAsync(raw, "secure-go.echo.v1", "over mtls to go"))!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        // A certificate the provider's CA did not issue, or none, is refused at the handshake: no connection, no tools.
        var pool = gateway.Services.GetRequiredService<BackendPool>();
        foreach (var refused in new[] { "stranger", "anonymous" })
        {
            var error = await Assert.ThrowsAsync<GatewayException>(async () => await pool.Find(refused)!.GetClientAsync(ready.Token));
            Assert.Equal(GatewayErrorKind.BackendUnavailable, error.Error.Kind);
            Assert.Null(gateway.Services.GetRequiredService<ICatalogue>().Current.FindTool(refused + ".echo.v1"));
        }

        Assert.Equal(-32602, RawMcp.ErrorCode(await CallAsync(raw, "stranger.echo.v1", "x")));
    }

    [Fact]
    public async Task The_shared_secret_reaches_the_provider_as_metadata()
    {
        const string secret = "grpc-shared-secret";
        await using var provider = await ProviderProcess.StartCSharpAsync("guarded", environment: new Dictionary<string, string?> { ["TOOL_GATEWAY_SHARED_SECRET"] = secret });
        await using var gateway = await GatewayHost.StartAsync(
            GrpcBackends.Entry("guarded", provider.Url),
            new Dictionary<string, string> { ["TOOL_GATEWAY_SHARED_SECRET"] = secret });
        using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gateway.WaitForToolAsync("guarded.echo.v1", ready.Token);
        using var raw = new RawMcp(gateway.McpEndpoint);

        Assert.Equal("let in", (await CallAsync(raw, "guarded.echo.v1", "let in"))!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    private static string Tls(string ca, string certificate, string key) =>
        $"    grpc:\n      channels: 2\n      tls:\n        ca_file: \"{ca}\"\n        client_certificate_file: \"{certificate}\"\n        client_key_file: \"{key}\"\n";
}
