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

/// <summary>Connecting, supervising and reconnecting the backend session.</summary>
internal sealed partial class BackendConnection
{
    /// <summary>The connected client, connecting first when needed; throws when the backend cannot be reached (discovery).</summary>
    public async ValueTask<McpClient> GetClientAsync(CancellationToken cancellationToken) =>
        await ConnectedClientAsync(cancellationToken)
        ?? throw new GatewayException(BackendFailure.Unreachable(Name).ToGatewayError(Name));

    /// <summary>The connected client, connecting first when needed; null when the backend cannot be reached now.</summary>
    private async ValueTask<McpClient?> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { } existing)
        {
            return existing;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_client is { } connected)
            {
                return connected;
            }

            return _backoff.CanAttempt ? await ConnectAsync(cancellationToken) : null;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<McpClient?> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            var client = await McpClient.CreateAsync(new RelayingClientTransport(_transports.Create(Config), this), _clientOptions, _loggerFactory, timeout.Token);
            _client = client;
            _connectedAt = _time.GetUtcNow();
            _backoff.RecordSuccess();
            LogConnected(Name, client.NegotiatedProtocolVersion ?? "?");
            _ = SuperviseAsync(client);
            return client;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var delay = _backoff.RecordFailure();
            LogConnectFailed(Name, exception.GetType().Name, Describe(exception), delay.TotalSeconds);
            return null;
        }
    }

    /// <summary>Forgets a client whose session ended; a stdio backend is restarted after a backoff delay.</summary>
    private async Task SuperviseAsync(McpClient client)
    {
        await client.Completion;
        if (Interlocked.CompareExchange(ref _client, null, client) != client || _disposed.IsCancellationRequested)
        {
            return;
        }

        if (_time.GetUtcNow() - _connectedAt >= MinimumHealthyUptime)
        {
            _backoff.RecordSuccess();
        }

        var delay = _backoff.RecordFailure();
        LogDisconnected(Name, delay.TotalSeconds);
        await client.DisposeAsync();
        if (Config.Transport != BackendTransport.Stdio)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, _time, _disposed.Token);

            // A restart that failed is tried again by the next call or discovery, after the backoff.
            if (await ConnectedClientAsync(_disposed.Token) is not null)
            {
                ListChanged?.Invoke(Name);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private async Task ResetAsync(McpClient client)
    {
        if (Interlocked.CompareExchange(ref _client, null, client) == client)
        {
            _backoff.RecordFailure();
            await client.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync();
        foreach (var sessionId in _sessionClients.Keys)
        {
            await EndSessionAsync(sessionId);
        }

        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync();
        }
    }
}
