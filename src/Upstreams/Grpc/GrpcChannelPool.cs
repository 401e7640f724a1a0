using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using McpGateway.Core.Configuration;

namespace McpGateway.Upstreams.Grpc;

/// <summary>
/// The gRPC channels to one provider (<c>grpc.channels</c>, each its own HTTP/2 connection once used), handed out in
/// turn; with an https:// url, TLS checked against <c>tls.ca_file</c> (else the system's roots) and, for mTLS, the
/// gateway's client certificate.
/// </summary>
internal sealed class GrpcChannelPool : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private int _next = -1;

    public GrpcChannelPool(BackendConfig backend)
    {
        var url = backend.Url ?? throw new InvalidOperationException($"Backend '{backend.Name}' has no url.");
        var settings = backend.Grpc ?? GrpcSettings.Default;
        var tls = url.Scheme == Uri.UriSchemeHttps ? TlsOptions(settings) : null;
        _channels = new GrpcChannel[Math.Clamp(settings.Channels, 1, GrpcSettings.MaxChannels)];
        for (var i = 0; i < _channels.Length; i++)
        {
            var handler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, backend.DiscoveryTimeoutSeconds)),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                EnableMultipleHttp2Connections = true,
            };
            if (tls is not null)
            {
                handler.SslOptions = tls;
            }

            _channels[i] = GrpcChannel.ForAddress(url, new GrpcChannelOptions
            {
                HttpHandler = handler,
                DisposeHttpClient = true,
                MaxReceiveMessageSize = 16 * 1024 * 1024,
            });
        }
    }

    public int Count => _channels.Length;

    /// <summary>The next channel, round robin.</summary>
    public GrpcChannel Next() => _channels[(int)((uint)Interlocked.Increment(ref _next) % (uint)_channels.Length)];

    private static SslClientAuthenticationOptions TlsOptions(GrpcSettings settings)
    {
        var options = new SslClientAuthenticationOptions();
        if (settings.CaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }

        if (settings.ClientCertificateFile is { } certificateFile && settings.ClientKeyFile is { } keyFile)
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(certificateFile, keyFile)];
        }

        return options;
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
