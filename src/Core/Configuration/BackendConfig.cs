using System.Collections.ObjectModel;

namespace McpGateway.Core.Configuration;

/// <summary>One entry of <c>backends:</c> in <c>tools.yaml</c>, with placeholders already expanded.</summary>
public sealed record BackendConfig
{
    /// <summary>Unique name, also the prefix of exposed tool names (<c>name</c>): <c>hello</c> exposes <c>hello.echo</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The scope the backend is served on: <c>/{scope}/mcp</c> and <c>/{scope}/sse</c> (<c>scope</c>).</summary>
    /// <value>The <see cref="Name"/>.</value>
    public string Scope
    {
        get => field ?? Name;
        init => field = value;
    }

    /// <summary>How the gateway talks to the backend (<c>transport</c>).</summary>
    public required BackendTransport Transport { get; init; }

    /// <summary>The endpoint of an HTTP transport (<c>url</c>); null for <see cref="BackendTransport.Stdio"/>.</summary>
    public Uri? Url { get; init; }

    /// <summary>The channel pool and TLS files of a backend of transport <c>grpc</c> (<c>grpc</c>); null for other transports.</summary>
    public GrpcSettings? Grpc { get; init; }

    /// <summary>The argument vector of a stdio backend, program first (<c>command</c>); null for HTTP transports.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Extra environment variables of a stdio backend's process (<c>env</c>).</summary>
    /// <value>Empty.</value>
    public IReadOnlyDictionary<string, string> Env { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The working folder of a stdio backend's process (<c>working_directory</c>), absolute.</summary>
    /// <value>null: the gateway's working folder.</value>
    public string? WorkingDirectory { get; init; }

    /// <summary>Whether exposed names are prefixed with the backend name (<c>prefix</c>).</summary>
    /// <value>true.</value>
    public bool Prefix { get; init; } = true;

    /// <summary>Time limit of one call in seconds (<c>timeout_seconds</c>).</summary>
    /// <value>30.</value>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>Time limit of capability discovery in seconds (<c>discovery_timeout_seconds</c>).</summary>
    /// <value>2.5.</value>
    public double DiscoveryTimeoutSeconds { get; init; } = 2.5;

    /// <summary>The circuit breaker of each of the backend's tools (<c>circuit_breaker</c>); a tool may override it.</summary>
    /// <value><see cref="Traffic.BreakerSettings.Default"/>.</value>
    public Traffic.BreakerSettings CircuitBreaker { get; init; } = Traffic.BreakerSettings.Default;

    /// <summary>Whether the backend is used at all (<c>active</c>).</summary>
    /// <value>true.</value>
    public bool Active { get; init; } = true;

    /// <summary>The MCP revision the gateway speaks toward this backend (<c>protocol_version</c>).</summary>
    /// <value>null: the gateway's default revision.</value>
    public string? ProtocolVersion { get; init; }

    /// <summary>Extra static HTTP headers sent to an HTTP backend (<c>headers</c>), names case-insensitive.</summary>
    /// <value>Empty.</value>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Checks of arguments against input schemas and of structured results against output schemas.</summary>
    /// <value>Default <see cref="SchemaValidationMode.Enforce"/>.</value>
    public SchemaValidationMode SchemaValidation { get; init; } = SchemaValidationMode.Enforce;

    /// <summary>Settings by the backend's own tool name (<c>tools</c>); unlisted tools get <see cref="ToolSettings.Default"/>.</summary>
    /// <value>Empty.</value>
    public IReadOnlyDictionary<string, ToolSettings> Tools { get; init; } = ReadOnlyDictionary<string, ToolSettings>.Empty;

    /// <summary>The line of <c>tools.yaml</c> where the backend is declared (1-based; 0 when not from a file).</summary>
    public int Line { get; init; }
}
