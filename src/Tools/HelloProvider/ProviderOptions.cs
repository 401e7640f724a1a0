using System.Net;

namespace McpGateway.Tools.HelloProvider;

/// <summary>The command line and environment of the provider.</summary>
internal sealed record ProviderOptions
{
    public const string Usage =
        "usage: HelloProvider --listen 127.0.0.1:PORT [--name NAME] [--tls-cert PEM --tls-key PEM [--client-ca PEM]]";

    public required IPEndPoint Listen { get; init; }

    /// <summary>The provider's name: its <c>Capabilities.name</c> and the <c>source</c> of its events.</summary>
    public string Name { get; init; } = "hello-cs";

    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>With TLS: require a client certificate issued by this CA (mTLS).</summary>
    public string? ClientCaFile { get; init; }

    public string? SharedSecret { get; init; }

    public string? NatsUrl { get; init; }

    /// <summary>The options, or null when the command line is not usable.</summary>
    public static ProviderOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not ("--listen" or "--name" or "--tls-cert" or "--tls-key" or "--client-ca") || i + 1 >= args.Count)
            {
                return null;
            }

            values[args[i]] = args[++i];
        }

        if (!values.TryGetValue("--listen", out var listen) || !IPEndPoint.TryParse(listen, out var endpoint) || endpoint.Port == 0)
        {
            return null;
        }

        var certificate = values.GetValueOrDefault("--tls-cert");
        var key = values.GetValueOrDefault("--tls-key");
        var clientCa = values.GetValueOrDefault("--client-ca");
        if ((certificate is null) != (key is null) || (clientCa is not null && certificate is null))
        {
            return null;
        }

        return new ProviderOptions
        {
            Listen = endpoint,
            Name = values.GetValueOrDefault("--name") ?? "hello-cs",
            TlsCertificateFile = certificate,
            TlsKeyFile = key,
            ClientCaFile = clientCa,
            SharedSecret = environment("TOOL_GATEWAY_SHARED_SECRET") is { Length: > 0 } secret ? secret : null,
            NatsUrl = environment("NATS_URL") is { Length: > 0 } nats ? nats : null,
        };
    }
}
