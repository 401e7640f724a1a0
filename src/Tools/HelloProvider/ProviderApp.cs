using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace McpGateway.Tools.HelloProvider;

/// <summary>The provider's host: Kestrel on HTTP/2 (plaintext h2c, TLS or mTLS) with the Provider service.</summary>
internal static class ProviderApp
{
    public static WebApplication Build(ProviderOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProviderEvents>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProviderEvents>());
        builder.Services.AddSingleton<SharedSecretInterceptor>();
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<SharedSecretInterceptor>());
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Listen, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (options.TlsCertificateFile is { } certificateFile)
            {
                listen.UseHttps(https => ConfigureTls(https, options, certificateFile));
            }
        }));

        var app = builder.Build();
        app.MapGrpcService<ProviderService>();
        app.Lifetime.ApplicationStarted.Register(() =>
            Console.WriteLine($"{options.Name} listening on {(options.TlsCertificateFile is null ? "http" : "https")}://{options.Listen}"));
        return app;
    }

    private static void ConfigureTls(HttpsConnectionAdapterOptions https, ProviderOptions options, string certificateFile)
    {
        https.ServerCertificate = X509Certificate2.CreateFromPemFile(certificateFile, options.TlsKeyFile);
        if (options.ClientCaFile is not { } caFile)
        {
            return;
        }

        var authority = X509CertificateLoader.LoadCertificateFromFile(caFile);
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        };
    }
}
