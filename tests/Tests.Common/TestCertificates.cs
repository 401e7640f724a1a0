using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace McpGateway.Tests.Common;

/// <summary>
/// A throw-away PKI written as PEM files into a folder: a CA, a server certificate for 127.0.0.1/localhost and a client
/// certificate, both issued by the CA (for TLS and mTLS tests).
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string ServerCertificateFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server-key.pem");

    public string ClientCertificateFile => Path.Combine(Folder, "client.pem");

    public string ClientKeyFile => Path.Combine(Folder, "client-key.pem");

    /// <summary>A certificate and key the CA did not issue (a client the provider must refuse).</summary>
    public string StrangerCertificateFile => Path.Combine(Folder, "stranger.pem");

    public string StrangerKeyFile => Path.Combine(Folder, "stranger-key.pem");

    public static TestCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=McpGateway test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var certificates = new TestCertificates(folder);
        File.WriteAllText(certificates.CaFile, ca.ExportCertificatePem());
        Issue(ca, "CN=127.0.0.1", server: true, certificates.ServerCertificateFile, certificates.ServerKeyFile, now);
        Issue(ca, "CN=mcpgw", server: false, certificates.ClientCertificateFile, certificates.ClientKeyFile, now);

        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=stranger", strangerKey, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        File.WriteAllText(certificates.StrangerCertificateFile, stranger.ExportCertificatePem());
        File.WriteAllText(certificates.StrangerKeyFile, strangerKey.ExportPkcs8PrivateKeyPem());
        return certificates;
    }

    private static void Issue(X509Certificate2 ca, string subject, bool server, string certificateFile, string keyFile, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(ca, now.AddDays(-1), now.AddDays(30), serial);
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
