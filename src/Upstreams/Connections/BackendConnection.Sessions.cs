using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Upstreams.Relay;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Backend sessions per client session. A stateful backend learns a client's capabilities once, at initialize, so a
/// client that declared one the gateway relays (sampling, elicitation, roots) gets its own backend session, opened on
/// its first call and closed with its session; every other call shares the one session of <see cref="GetClientAsync"/>.
/// </summary>
internal sealed partial class BackendConnection
{
    private readonly ConcurrentDictionary<string, Task<SessionBackendClient>> _sessionClients = new(StringComparer.Ordinal);

    /// <summary>How many client sessions have a backend session of their own here.</summary>
    public int SessionClientCount => _sessionClients.Count;

    /// <summary>
    /// The client's own backend session (null: the call shares the one session); <c>Unreachable</c> when that session
    /// could not be opened.
    /// </summary>
    private async ValueTask<(SessionBackendClient? Session, bool Unreachable)> SessionClientAsync(McpClient shared, ClientLink? client, CancellationToken cancellationToken)
    {
        if (client?.SessionId is not { } sessionId || McpRevisions.IsStateless(shared.NegotiatedProtocolVersion))
        {
            return (null, false);
        }

        var capabilities = RelayedClientCapabilities.Intersect(client.Capabilities);
        if (capabilities.Count == 0)
        {
            return (null, false);
        }

        var connecting = _sessionClients.GetOrAdd(sessionId, _ => ConnectSessionAsync(sessionId, shared.NegotiatedProtocolVersion, capabilities));
        try
        {
            return (await connecting.WaitAsync(cancellationToken), false);
        }
        catch (Exception exception) when (connecting.IsFaulted && exception is not OperationCanceledException)
        {
            _sessionClients.TryRemove(KeyValuePair.Create(sessionId, connecting));
            return (null, true);
        }
    }

    private async Task<SessionBackendClient> ConnectSessionAsync(string sessionId, string? protocolVersion, JsonObject capabilities)
    {
        // A held call's session has no client session to log to outside the call.
        var session = new SessionBackendClient(_progress, parameters =>
        {
            if (!sessionId.StartsWith(HeldSessionPrefix, StringComparison.Ordinal))
            {
                LogOutsideCall?.Invoke(Name, sessionId, parameters);
            }
        });
        var options = new McpClientOptions
        {
            ClientInfo = _clientOptions.ClientInfo,
            ProtocolVersion = protocolVersion,
            InitializationTimeout = ConnectTimeout,
            Capabilities = capabilities.Deserialize<ClientCapabilities>(McpJsonUtilities.DefaultOptions),
            Handlers = new McpClientHandlers { NotificationHandlers = BackendNotificationHandlers() },
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            session.Client = await McpClient.CreateAsync(new RelayingClientTransport(_transports.Create(Config), session), options, _loggerFactory, timeout.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || timeout.IsCancellationRequested)
        {
            LogSessionConnectFailed(Name, exception.GetType().Name);
            throw;
        }

        _ = session.Client.Completion.ContinueWith(
            _ => _sessionClients.TryRemove(sessionId, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return session;
    }

    /// <summary>Closes the backend session of a client session that ended (if it had one here).</summary>
    public async ValueTask EndSessionAsync(string sessionId)
    {
        if (!_sessionClients.TryRemove(sessionId, out var connecting))
        {
            return;
        }

        try
        {
            var session = await connecting;
            await session.Client.DisposeAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // It never connected, or is already gone.
        }
    }
}
