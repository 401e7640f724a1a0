using McpGateway.Core.Configuration;
using static McpGateway.Core.Tests.Configuration.ConfigTestHelper;

namespace McpGateway.Core.Tests.Configuration;

/// <summary>Backends of transport grpc in tools.yaml: url, channel pool and TLS files, checked like every transport.</summary>
public sealed class GrpcBackendConfigTests
{
    [Fact]
    public void A_plaintext_grpc_backend_gets_the_default_pool()
    {
        var backend = Assert.Single(ParseValid("""
            backends:
              - name: hello-go
                transport: grpc
                url: http://127.0.0.1:7001
            """).Backends);

        Assert.Equal(BackendTransport.Grpc, backend.Transport);
        Assert.Equal(new Uri("http://127.0.0.1:7001"), backend.Url);
        Assert.Equal(GrpcSettings.Default, backend.Grpc);
        Assert.Equal(4, backend.Grpc!.Channels);
    }

    [Fact]
    public void Tls_files_are_read_relative_to_the_config_folder_and_must_exist()
    {
        Directory.CreateDirectory(ConfigDir);
        foreach (var file in new[] { "ca.pem", "gw.pem", "gw-key.pem" })
        {
            File.WriteAllText(Path.Combine(ConfigDir, file), "pem");
        }

        var backend = Assert.Single(ParseValid("""
            backends:
              - name: secure
                transport: grpc
                url: https://provider.internal:7443
                grpc:
                  channels: 15
                  tls: { ca_file: ca.pem, client_certificate_file: gw.pem, client_key_file: gw-key.pem }
            """).Backends);

        Assert.Equal(15, backend.Grpc!.Channels);
        Assert.Equal(Path.Combine(ConfigDir, "ca.pem"), backend.Grpc.CaFile);
        Assert.Equal(Path.Combine(ConfigDir, "gw.pem"), backend.Grpc.ClientCertificateFile);
        Assert.Equal(Path.Combine(ConfigDir, "gw-key.pem"), backend.Grpc.ClientKeyFile);
    }

    [Fact]
    public void Every_problem_of_the_grpc_settings_is_reported_at_once()
    {
        var result = Parse("""
            backends:
              - name: bad
                transport: grpc
                url: http://127.0.0.1:7001
                grpc:
                  channels: 65
                  pool: 3
                  tls: { ca_file: /nonexistent/ca.pem, client_certificate_file: /nonexistent/gw.pem }
              - name: plain
                transport: streamable-http
                url: http://127.0.0.1:7002/mcp
                grpc: { channels: 2 }
              - name: nourl
                transport: grpc
            """);

        Assert.False(result.IsValid);
        var messages = result.Errors.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("backends[0].grpc.channels: must be at most 64", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("backends[0].grpc.pool: unknown key", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("backends[0].grpc.tls: only used with an https:// url", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("backends[0].grpc.tls.ca_file: file '/nonexistent/ca.pem' does not exist", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("backends[0].grpc.tls: client_certificate_file and client_key_file go together", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("backends[1].grpc: only used with transport grpc", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("backends[2]: missing required key 'url' (transports streamable-http, sse, jsonrpc and grpc need it)", StringComparison.Ordinal));
    }
}
