using McpGateway.Core.Configuration.Yaml;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Core.Configuration;

/// <summary>The <c>grpc:</c> mapping of a backend of transport <c>grpc</c>: channel pool and TLS files.</summary>
internal sealed partial class BackendConfigReader
{
    private static readonly IReadOnlyCollection<string> GrpcKeys = ["channels", "tls"];
    private static readonly IReadOnlyCollection<string> TlsKeys = ["ca_file", "client_certificate_file", "client_key_file"];

    private GrpcSettings? ReadGrpc(YamlMapping m, Uri? url)
    {
        if (m.Value("grpc") is not { } node)
        {
            return GrpcSettings.Default;
        }

        if (node is not YamlMappingNode mappingNode)
        {
            diagnostics.Add(node, m.PathOf("grpc"), $"expected the gRPC settings (a mapping with channels, tls), got {YamlValues.Describe(node)}");
            return null;
        }

        var g = new YamlMapping(mappingNode, m.PathOf("grpc"), diagnostics, GrpcKeys);
        var channels = g.PositiveInt("channels") ?? GrpcSettings.DefaultChannels;
        if (channels > GrpcSettings.MaxChannels)
        {
            diagnostics.Add(g.Value("channels")!, g.PathOf("channels"), $"must be at most {GrpcSettings.MaxChannels}, got {channels}");
        }

        var settings = new GrpcSettings { Channels = Math.Min(channels, GrpcSettings.MaxChannels) };
        if (g.Value("tls") is not { } tlsNode)
        {
            return settings;
        }

        if (tlsNode is not YamlMappingNode tlsMapping)
        {
            diagnostics.Add(tlsNode, g.PathOf("tls"), $"expected the TLS files (a mapping with ca_file, client_certificate_file, client_key_file), got {YamlValues.Describe(tlsNode)}");
            return settings;
        }

        if (url is not null && url.Scheme != Uri.UriSchemeHttps)
        {
            diagnostics.Add(tlsNode, g.PathOf("tls"), "only used with an https:// url (http:// is plaintext HTTP/2)");
        }

        var t = new YamlMapping(tlsMapping, g.PathOf("tls"), diagnostics, TlsKeys);
        var certificate = ReadFile(t, "client_certificate_file");
        var key = ReadFile(t, "client_key_file");
        if ((certificate is null) != (key is null) && t.Value(certificate is null ? "client_certificate_file" : "client_key_file") is null)
        {
            diagnostics.Add(tlsNode, g.PathOf("tls"), "client_certificate_file and client_key_file go together (mTLS needs both)");
        }

        return settings with { CaFile = ReadFile(t, "ca_file"), ClientCertificateFile = certificate, ClientKeyFile = key };
    }

    /// <summary>A file path, relative to tools.yaml's folder, that must exist now.</summary>
    private string? ReadFile(YamlMapping m, string key)
    {
        if (m.Value(key) is not { } node
            || YamlValues.String(node, m.PathOf(key), diagnostics) is not { } written
            || expander.Expand(written, node, m.PathOf(key), diagnostics) is not { } text)
        {
            return null;
        }

        var path = Path.GetFullPath(text, expander.ConfigDirectory);
        if (!File.Exists(path))
        {
            diagnostics.Add(node, m.PathOf(key), $"file '{written}' does not exist");
        }

        return path;
    }
}
