using System.Collections.Frozen;
using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace McpGateway.Upstreams.Connections;

/// <summary>Holds one <see cref="BackendConnection"/> per active backend and dispatches calls to them.</summary>
public sealed class BackendPool : IBackendDispatcher, IAsyncDisposable
{
    private readonly HttpClient _httpClient;
    private readonly FrozenDictionary<string, BackendConnection> _connections;

    public BackendPool(IReadOnlyList<BackendConfig> backends, UpstreamOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _httpClient = CreateHttpClient();
        var transports = new BackendTransportFactory(_httpClient, options, loggerFactory);
        _connections = backends
            .Where(b => b.Active)
            .ToFrozenDictionary(
                b => b.Name,
                b => new BackendConnection(b, transports, options.DefaultProtocolVersion, loggerFactory, time),
                StringComparer.Ordinal);
        foreach (var connection in _connections.Values)
        {
            connection.ListChanged += name => ListChanged?.Invoke(name);
            connection.ResourceUpdated += (name, parameters) => ResourceUpdated?.Invoke(name, parameters);
        }
    }

    /// <summary>Raised with a backend's name when it announced a list change or came back after a restart.</summary>
    public event Action<string>? ListChanged;

    /// <summary>Raised with a backend's name and the params of its <c>notifications/resources/updated</c>.</summary>
    public event Action<string, JsonObject>? ResourceUpdated;

    internal IEnumerable<BackendConnection> Connections => _connections.Values;

    internal BackendConnection? Find(string backend) => _connections.GetValueOrDefault(backend);

    public ValueTask<JsonNode> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(backend, out var connection))
        {
            throw new GatewayException(new GatewayError(GatewayErrorKind.BackendUnavailable, $"Backend '{backend}' is not configured", backend));
        }

        return connection.SendAsync(method, parameters, Timeout(connection.Config, method, parameters), client, cancellationToken);
    }

    /// <summary>Subscribes the gateway to a resource at its backend, or drops that subscription.</summary>
    public ValueTask SubscribeAsync(string backend, string uri, bool subscribe, CancellationToken cancellationToken) =>
        _connections.TryGetValue(backend, out var connection)
            ? connection.SubscribeAsync(uri, subscribe, TimeSpan.FromSeconds(connection.Config.TimeoutSeconds), cancellationToken)
            : throw new GatewayException(new GatewayError(GatewayErrorKind.BackendUnavailable, $"Backend '{backend}' is not configured", backend));

    /// <summary>Closes the backend sessions that belonged to a client session that ended.</summary>
    public Task EndSessionAsync(string sessionId) => Task.WhenAll(_connections.Values.Select(c => c.EndSessionAsync(sessionId).AsTask()));

    /// <summary>A tool's own timeout when it has one, else the backend's.</summary>
    private static TimeSpan Timeout(BackendConfig backend, string method, JsonObject parameters)
    {
        if (method == "tools/call"
            && parameters["name"]?.GetValue<string>() is { } tool
            && backend.Tools.TryGetValue(tool, out var settings)
            && settings.TimeoutSeconds is { } toolSeconds)
        {
            return TimeSpan.FromSeconds(toolSeconds);
        }

        return TimeSpan.FromSeconds(backend.TimeoutSeconds);
    }

    private static HttpClient CreateHttpClient() => new(new TraceContextHandler(new SocketsHttpHandler
    {
        // Trace context goes out explicitly (TraceContextHandler): only the caller's, never one made up per request.
        ActivityHeadersPropagator = null,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = 256,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    }))
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Task.WhenAll(_connections.Values.Select(c => c.DisposeAsync().AsTask()));
        _httpClient.Dispose();
    }
}
