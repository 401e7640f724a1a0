using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Holds one <see cref="BackendConnection"/> per active backend and dispatches calls to them. <see cref="Apply"/> takes a
/// reloaded set of backends: new ones get a connection, removed ones (and those whose connection settings changed) are
/// taken out and disposed once the calls already on them have finished; the others keep their connection and sessions.
/// </summary>
public sealed class BackendPool : IBackendDispatcher, IAsyncDisposable
{
    private readonly HttpClient _httpClient;
    private readonly BackendTransportFactory _transports;
    private readonly UpstreamOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly IHeldCallRouter _heldCalls;
    private readonly Lock _applyLock = new();
    private readonly List<(BackendConnection Connection, Task Retired)> _retiring = [];
    private volatile FrozenDictionary<string, BackendConnection> _connections;

    public BackendPool(
        IReadOnlyList<BackendConfig> backends, UpstreamOptions options, ILoggerFactory loggerFactory, TimeProvider time, Grpc.Events.ProviderEventHub? events = null, IHeldCallRouter? heldCalls = null)
    {
        _heldCalls = heldCalls ?? LocalHeldCalls.Instance;
        _httpClient = CreateHttpClient();
        _transports = new BackendTransportFactory(_httpClient, options, loggerFactory, events);
        _options = options;
        _loggerFactory = loggerFactory;
        _time = time;
        _connections = backends.Where(b => b.Active).ToFrozenDictionary(b => b.Name, Connect, StringComparer.Ordinal);
    }

    /// <summary>Raised with a backend's name when it announced a list change or came back after a restart.</summary>
    public event Action<string>? ListChanged;

    /// <summary>Raised with a backend's name and the params of its <c>notifications/resources/updated</c>.</summary>
    public event Action<string, JsonObject>? ResourceUpdated;

    /// <summary>
    /// Raised with a backend's name, a client session (null: none) and the params of a log message of the backend that
    /// belongs to no call: sent on that client's own backend session, or (null) about the backend itself.
    /// </summary>
    public event Action<string, string?, JsonObject>? LogOutsideCall;

    internal IEnumerable<BackendConnection> Connections => _connections.Values;

    internal BackendConnection? Find(string backend) => _connections.GetValueOrDefault(backend);

    /// <summary>Brings the pool to <paramref name="backends"/> (a reloaded <c>tools.yaml</c>) and says what changed.</summary>
    public BackendChanges Apply(IReadOnlyList<BackendConfig> backends)
    {
        List<string> added = [], removed = [], replaced = [], updated = [];
        lock (_applyLock)
        {
            var current = _connections;
            var next = new Dictionary<string, BackendConnection>(StringComparer.Ordinal);
            foreach (var backend in backends.Where(b => b.Active))
            {
                if (!current.TryGetValue(backend.Name, out var existing))
                {
                    next[backend.Name] = Connect(backend);
                    added.Add(backend.Name);
                }
                else if (!ConnectionSettings.Same(existing.Config, backend))
                {
                    next[backend.Name] = Connect(backend);
                    replaced.Add(backend.Name);
                }
                else
                {
                    if (Settings(existing.Config) != Settings(backend))
                    {
                        updated.Add(backend.Name);
                    }

                    existing.Config = backend;
                    next[backend.Name] = existing;
                }
            }

            removed.AddRange(current.Keys.Where(name => !next.ContainsKey(name)));
            _connections = next.ToFrozenDictionary(StringComparer.Ordinal);
            foreach (var name in removed.Concat(replaced))
            {
                _retiring.Add((current[name], RetireAsync(current[name])));
            }

            _retiring.RemoveAll(r => r.Retired.IsCompleted);
        }

        return new BackendChanges(added, removed, replaced, updated);
    }

    public async ValueTask<BackendResponse> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken)
    {
        if (Enter(backend) is not { } connection)
        {
            return BackendFailure.NotConfigured(backend);
        }

        try
        {
            return await connection.SendAsync(method, parameters, Timeout(connection.Config, method, parameters), client, cancellationToken);
        }
        finally
        {
            connection.Calls.Exit();
        }
    }

    /// <summary>Subscribes the gateway to a resource at its backend, or drops that subscription; null when done.</summary>
    public async ValueTask<BackendFailure?> SubscribeAsync(string backend, string uri, bool subscribe, CancellationToken cancellationToken)
    {
        if (Enter(backend) is not { } connection)
        {
            return BackendFailure.NotConfigured(backend);
        }

        try
        {
            return await connection.SubscribeAsync(uri, subscribe, TimeSpan.FromSeconds(connection.Config.TimeoutSeconds), cancellationToken);
        }
        finally
        {
            connection.Calls.Exit();
        }
    }

    /// <summary>Closes the backend sessions that belonged to a client session that ended.</summary>
    public Task EndSessionAsync(string sessionId) => Task.WhenAll(_connections.Values.Select(c => c.EndSessionAsync(sessionId).AsTask()));

    /// <summary>The backend's connection, counted as in use until <see cref="InFlightCalls.Exit"/>; null when it has none.</summary>
    private BackendConnection? Enter(string backend)
    {
        // A connection being taken out lets nobody in: its replacement (if any) is in the pool by then.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (!_connections.TryGetValue(backend, out var connection))
            {
                break;
            }

            if (connection.Calls.TryEnter())
            {
                return connection;
            }
        }

        return null;
    }

    private BackendConnection Connect(BackendConfig backend)
    {
        var connection = new BackendConnection(backend, _transports, _options.DefaultProtocolVersion, _loggerFactory, _time, _heldCalls);
        connection.ListChanged += name => ListChanged?.Invoke(name);
        connection.ResourceUpdated += (name, parameters) => ResourceUpdated?.Invoke(name, parameters);
        connection.LogOutsideCall += (name, sessionId, parameters) => LogOutsideCall?.Invoke(name, sessionId, parameters);
        return connection;
    }

    /// <summary>Every setting of a backend but where it is declared, for telling what a reload changed.</summary>
    private static string Settings(BackendConfig backend) => JsonSerializer.Serialize(backend with { Line = 0 });

    private static async Task RetireAsync(BackendConnection connection)
    {
        await connection.Calls.CloseAsync();
        await connection.DisposeAsync();
    }

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

        (BackendConnection Connection, Task Retired)[] retiring;
        lock (_applyLock)
        {
            retiring = [.. _retiring];
        }

        // Connections being taken out are disposed now too: a call still on one fails as the node stops.
        await Task.WhenAll(_connections.Values.Concat(retiring.Select(r => r.Connection)).Select(c => c.DisposeAsync().AsTask()));
        await Task.WhenAll(retiring.Select(r => r.Retired));
        _httpClient.Dispose();
    }
}
