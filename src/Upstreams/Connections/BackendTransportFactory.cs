using McpGateway.Core.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;

namespace McpGateway.Upstreams.Connections;

/// <summary>Makes the SDK client transport for a backend's configured transport.</summary>
internal sealed class BackendTransportFactory(HttpClient httpClient, UpstreamOptions options, ILoggerFactory loggerFactory, Grpc.Events.ProviderEventHub? events = null)
{
    public IClientTransport Create(BackendConfig backend) => backend.Transport switch
    {
        BackendTransport.StreamableHttp => Http(backend, HttpTransportMode.StreamableHttp),
        BackendTransport.Sse => Http(backend, HttpTransportMode.Sse),
        BackendTransport.Stdio => Stdio(backend),
        BackendTransport.Grpc => new Grpc.GrpcClientTransport(backend, options, Events, loggerFactory, TimeProvider.System),
        _ => throw new NotSupportedException($"Transport '{backend.Transport}' of backend '{backend.Name}' is not supported yet."),
    };

    /// <summary>Where the events of gRPC providers go (<c>ProviderEventHub</c>).</summary>
    public Grpc.Events.ProviderEventHub Events { get; } = events ?? new Grpc.Events.ProviderEventHub(loggerFactory.CreateLogger<Grpc.Events.ProviderEventHub>());

    /// <summary>The direct channel for a Streamable HTTP backend, used once it has negotiated the stateless revision.</summary>
    public StatelessHttpChannel? CreateStatelessChannel(BackendConfig backend) =>
        backend.Transport == BackendTransport.StreamableHttp && backend.Url is { } url
            ? new StatelessHttpChannel(httpClient, url, Headers(backend), backend.Name)
            : null;

    /// <summary>The direct channel for calls on the shared session of a stateful Streamable HTTP backend.</summary>
    public SessionHttpChannel? CreateSessionChannel(BackendConfig backend) =>
        backend.Transport == BackendTransport.StreamableHttp && backend.Url is { } url
            ? new SessionHttpChannel(httpClient, url, Headers(backend))
            : null;

    private Dictionary<string, string> Headers(BackendConfig backend)
    {
        var headers = new Dictionary<string, string>(backend.Headers, StringComparer.OrdinalIgnoreCase);
        if (options.SharedSecret is { Length: > 0 } secret)
        {
            headers[UpstreamHeaders.GatewayAuth] = secret;
        }

        return headers;
    }

    private HttpClientTransport Http(BackendConfig backend, HttpTransportMode mode)
    {
        var headers = Headers(backend);

        var transportOptions = new HttpClientTransportOptions
        {
            Endpoint = backend.Url ?? throw new InvalidOperationException($"Backend '{backend.Name}' has no url."),
            TransportMode = mode,
            Name = backend.Name,
            ConnectionTimeout = TimeSpan.FromSeconds(backend.DiscoveryTimeoutSeconds),
            AdditionalHeaders = headers,
            OwnsSession = true,
        };
        return new HttpClientTransport(transportOptions, httpClient, loggerFactory, ownsHttpClient: false);
    }

    private StdioClientTransport Stdio(BackendConfig backend)
    {
        var command = backend.Command ?? throw new InvalidOperationException($"Backend '{backend.Name}' has no command.");

        // The child gets a curated environment plus its configured variables, never the gateway's own secrets.
        var environment = new Dictionary<string, string?>(StdioClientTransportOptions.GetDefaultEnvironmentVariables(), StringComparer.Ordinal);
        foreach (var name in UpstreamOptions.ForwardedEnvironment)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (name, value) in backend.Env)
        {
            environment[name] = value;
        }

        if (options.SharedSecret is { Length: > 0 } secret)
        {
            environment["TOOL_GATEWAY_SHARED_SECRET"] = secret;
        }

        var logger = loggerFactory.CreateLogger("McpGateway.Upstreams.Stdio." + backend.Name);
        return new StdioClientTransport(
            new StdioClientTransportOptions
            {
                Name = backend.Name,
                Command = command[0],
                Arguments = command.Skip(1).ToArray(),
                WorkingDirectory = backend.WorkingDirectory,
                InheritEnvironmentVariables = false,
                EnvironmentVariables = environment,
                ShutdownTimeout = TimeSpan.FromSeconds(2),
                StandardErrorLines = line => logger.LogDebug("{Backend} stderr: {Line}", backend.Name, line),
            },
            loggerFactory);
    }
}
