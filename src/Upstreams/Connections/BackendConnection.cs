using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using McpGateway.Upstreams.Relay;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// The gateway's one MCP client session to one backend, shared by every call to it (the SDK multiplexes requests;
/// HTTP requests reuse the pooled connections of the shared <see cref="HttpClient"/>). Connects lazily, reconnects with
/// capped backoff, and restarts a stdio backend's process when it exits.
/// </summary>
internal sealed partial class BackendConnection : IAsyncDisposable, IRelayTarget
{
    private static readonly TimeSpan MinimumHealthyUptime = TimeSpan.FromSeconds(10);

    private readonly BackendTransportFactory _transports;
    private readonly McpClientOptions _clientOptions;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ReconnectBackoff _backoff;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly StatelessHttpChannel? _statelessChannel;
    private readonly SessionHttpChannel? _sessionChannel;
    private readonly Dictionary<string, Func<JsonRpcNotification, CancellationToken, ValueTask>> _notificationHandlers;
    private readonly ProgressRelay _progress = new();
    private readonly CallsInFlight _sharedCalls = new();
    private McpClient? _client;
    private DateTimeOffset _connectedAt;
    private IReadOnlySet<string> _toolsWithParamHeaders = new HashSet<string>();
    private volatile BackendConfig _config;

    public BackendConnection(
        BackendConfig config,
        BackendTransportFactory transports,
        string? defaultProtocolVersion,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        IHeldCallRouter? heldCallRouter = null)
    {
        _config = config;
        _heldCallRouter = heldCallRouter ?? LocalHeldCalls.Instance;
        _transports = transports;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<BackendConnection>();
        _time = time;
        _backoff = new ReconnectBackoff(time);
        _statelessChannel = transports.CreateStatelessChannel(config);
        _sessionChannel = transports.CreateSessionChannel(config);
        _notificationHandlers = BackendNotificationHandlers();
        _clientOptions = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "mcpgw", Version = GatewayVersion.Current },
            ProtocolVersion = config.ProtocolVersion ?? defaultProtocolVersion,
            InitializationTimeout = ConnectTimeout,
            Handlers = new McpClientHandlers { NotificationHandlers = _notificationHandlers },
        };
    }

    /// <summary>
    /// The backend's settings. A reload may set new ones with the same <see cref="ConnectionSettings"/> (timeouts,
    /// tools, scope…); other connection settings make a new connection instead.
    /// </summary>
    public BackendConfig Config
    {
        get => _config;
        set => _config = value;
    }

    /// <summary>The calls on this connection: the pool disposes a connection it took out once they have finished.</summary>
    public InFlightCalls Calls { get; } = new();

    public string Name => Config.Name;

    /// <summary>Raised when the backend says its tools, prompts or resources changed, or after it was restarted.</summary>
    public event Action<string>? ListChanged;

    /// <summary>Raised with the params of the backend's <c>notifications/resources/updated</c>.</summary>
    public event Action<string, JsonObject>? ResourceUpdated;

    /// <summary>
    /// Raised with a log message (<c>notifications/message</c> params) that belongs to no call: for the client session
    /// named, or (null) for every client that can see this backend.
    /// </summary>
    public event Action<string, string?, JsonObject>? LogOutsideCall;

    private TimeSpan ConnectTimeout => TimeSpan.FromSeconds(Math.Max(10, Config.DiscoveryTimeoutSeconds));

    public bool IsConnected => _client is not null;

    /// <summary>
    /// Sends one request and returns the backend's raw result, or why there is none (the SDK's and the HTTP stack's
    /// exceptions end here). Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/>
    /// (the caller's) is cancelled.
    /// </summary>
    public async ValueTask<BackendResponse> SendAsync(string method, JsonObject parameters, TimeSpan timeout, ClientLink? client, CancellationToken cancellationToken)
    {
        if (await ConnectedClientAsync(cancellationToken) is not { } shared)
        {
            return BackendFailure.Unreachable(Name) with { Undelivered = true };
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        SessionBackendClient? session = null;
        try
        {
            if (UsesStatelessChannel(shared, method, parameters))
            {
                return await SendStatelessAsync(method, parameters, client, deadline.Token);
            }

            if (Holds(shared, method, client))
            {
                return await SendHeldAsync(shared, method, parameters, client!, timeout, deadline.Token);
            }

            (session, var unreachable) = await SessionClientAsync(shared, client, deadline.Token);
            if (unreachable)
            {
                return BackendFailure.Unreachable(Name) with { Undelivered = true };
            }

            if (session is null && UsesSessionChannel(shared))
            {
                return await SendOnSharedSessionAsync(shared, method, parameters, client, cancellationToken, deadline.Token);
            }

            var target = session?.Client ?? shared;
            if (McpRevisions.IsStateless(target.NegotiatedProtocolVersion))
            {
                // Per request under 2026-07-28: the SDK adds its own (empty) set on top.
                Meta(parameters)[MetaKeys.ClientCapabilities] = RelayedClientCapabilities.Intersect(client?.Capabilities);
                if (client is { LogLevel: { } level, Notify: not null })
                {
                    Meta(parameters)[MetaKeys.LogLevel] = level;
                }
            }

            using var progress = _progress.Track(parameters, client?.Notify);
            using var scope = CallScope.Enter(client, deadline.Token);
            using var inFlight = session is not null && client is not null ? session.Enter(client) : default;
            using var sharedCall = session is null ? _sharedCalls.Enter(client) : default;
            var request = new JsonRpcRequest { Id = BackendRequestIds.Next(), Method = method, Params = parameters };
            try
            {
                var response = await target.SendRequestAsync(request, deadline.Token);
                return BackendResponse.Success(InputRequiredRelay.Restore(response.Result ?? new JsonObject()));
            }
            catch (OperationCanceledException)
            {
                BackendRequestIds.TellCancelled(target, request.Id, cancellationToken.IsCancellationRequested ? "Cancelled by the caller" : "Timed out at the gateway");
                throw;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            return BackendFailure.Timeout(Name, timeout);
        }
        catch (McpProtocolException exception)
        {
            return RemoteError(exception);
        }
        catch (Exception exception) when (IsConnectionFailure(exception) || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A cancellation that is neither the caller's nor the deadline's: the client ended the request because its
            // transport closed (a gRPC provider found unavailable, a process that exited) — unreachable, not a timeout.
            LogCallFailed(Name, exception.GetType().Name);
            var undelivered = ConnectFailures.NeverSent(exception);
            if (session is not null && client?.SessionId is { } sessionId)
            {
                await EndSessionAsync(sessionId);
            }
            else
            {
                await ResetAsync(shared);
            }

            return BackendFailure.Unreachable(Name) with { Undelivered = undelivered };
        }
    }

    /// <summary>
    /// The stateless channel, with the caller's capabilities on every request; <c>input_required</c> results are
    /// answered with the client and sent again, unless the client speaks 2026-07-28 itself (then it gets them).
    /// </summary>
    private async Task<BackendResponse> SendStatelessAsync(string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken)
    {
        var capabilities = RelayedClientCapabilities.Intersect(client?.Capabilities);
        for (var round = 0; round <= InputRequiredRelay.MaxRounds; round++)
        {
            var response = await _statelessChannel!.SendAsync(method, parameters, capabilities, client?.LogLevel, client?.Notify, cancellationToken);
            if (!response.IsSuccess || !InputRequiredRelay.IsInputRequired(response.Result) || !InputRequiredRelay.ResolvesFor(client) || response.Result is not JsonObject inputRequired)
            {
                return response;
            }

            var (retry, failure) = await InputRequiredRelay.NextRoundAsync(parameters, inputRequired, client!, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            parameters = retry!;
        }

        return InputRequiredRelay.TooManyRounds(Name);
    }

    private static JsonObject Meta(JsonObject parameters)
    {
        if (parameters["_meta"] is not JsonObject meta)
        {
            meta = [];
            parameters["_meta"] = meta;
        }

        return meta;
    }

    /// <summary>The backend's tools whose arguments the SDK client mirrors into <c>Mcp-Param-*</c> headers.</summary>
    public void SetToolsWithParamHeaders(IReadOnlySet<string> tools) => _toolsWithParamHeaders = tools;

    private bool UsesStatelessChannel(McpClient client, string method, JsonObject parameters) =>
        _statelessChannel is not null
        && client.NegotiatedProtocolVersion == McpRevisions.V2026_07_28
        && !(method == RequestMethods.ToolsCall
            && parameters["name"] is JsonValue name && name.TryGetValue<string>(out var tool) && _toolsWithParamHeaders.Contains(tool));

    private Dictionary<string, Func<JsonRpcNotification, CancellationToken, ValueTask>> BackendNotificationHandlers()
    {
        ValueTask OnListChanged(JsonRpcNotification notification, CancellationToken cancellationToken)
        {
            ListChanged?.Invoke(Name);
            return ValueTask.CompletedTask;
        }

        return new()
        {
            [NotificationMethods.ToolListChangedNotification] = OnListChanged,
            [NotificationMethods.PromptListChangedNotification] = OnListChanged,
            [NotificationMethods.ResourceListChangedNotification] = OnListChanged,
            [NotificationMethods.ResourceUpdatedNotification] = (notification, _) =>
            {
                if (notification.Params is JsonObject parameters)
                {
                    ResourceUpdated?.Invoke(Name, parameters);
                }

                return ValueTask.CompletedTask;
            },
        };
    }

    ValueTask IRelayTarget.OnProgressAsync(JsonRpcNotification notification) => _progress.OnProgressAsync(notification, CancellationToken.None);

    /// <summary>
    /// A log message on the shared session: it goes to the caller of the one call in flight on it; with no call in flight
    /// it is about the backend itself and goes to every client that can see the backend; with several it cannot be told
    /// apart between callers, and none of them gets another's messages: it is dropped.
    /// </summary>
    ValueTask IRelayTarget.OnLogAsync(JsonRpcNotification notification)
    {
        if (notification.Params is not JsonObject parameters)
        {
            return ValueTask.CompletedTask;
        }

        var (count, only) = _sharedCalls.Snapshot();
        if (count == 0)
        {
            LogOutsideCall?.Invoke(Name, null, (JsonObject)parameters.DeepClone());
            return ValueTask.CompletedTask;
        }

        return count == 1 && only?.Notify is { } notify ? notify(notification.Method, (JsonObject)parameters.DeepClone()) : ValueTask.CompletedTask;
    }

    /// <summary>The shared session declares no client capability: a backend's request on it is answered with an error.</summary>
    ClientLink? IRelayTarget.ServerRequestClient => null;

    /// <summary>The backend's JSON-RPC error, relayed with its code.</summary>
    private static BackendFailure RemoteError(McpProtocolException exception) =>
        new(BackendFailureKind.Error, RemoteMessage(exception), (int)exception.ErrorCode);

    private static bool IsConnectionFailure(Exception exception) =>
        exception is McpException or HttpRequestException or IOException or ObjectDisposedException or InvalidOperationException;

    /// <summary>The backend's own error message without the SDK's local decoration.</summary>
    private static string RemoteMessage(McpProtocolException exception)
    {
        const string prefix = "Request failed (remote): ";
        var message = exception.Message;
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    private static string Describe(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: var error } => error.ToString(),
        OperationCanceledException => "timed out",
        _ => exception.GetBaseException().GetType().Name,
    };
}
