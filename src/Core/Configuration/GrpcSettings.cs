namespace McpGateway.Core.Configuration;

/// <summary>The <c>grpc:</c> settings of a backend of transport <c>grpc</c> (docs/provider-contract.md).</summary>
public sealed record GrpcSettings
{
    public const int DefaultChannels = 4;
    public const int MaxChannels = 64;

    /// <summary>How many gRPC channels (HTTP/2 connections) the gateway keeps to the provider and uses in turn (<c>channels</c>).</summary>
    /// <value>4.</value>
    public int Channels { get; init; } = DefaultChannels;

    /// <summary>PEM file of the CA that issued the provider's certificate (<c>tls.ca_file</c>); null: the system's roots.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM file of the gateway's client certificate for mTLS (<c>tls.client_certificate_file</c>).</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM file of the client certificate's private key (<c>tls.client_key_file</c>).</summary>
    public string? ClientKeyFile { get; init; }

    public static GrpcSettings Default { get; } = new();
}
