using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Cluster;
using McpGateway.Upstreams.Connections;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// <c>resources/subscribe</c> and <c>unsubscribe</c> of session clients. The gateway holds one subscription per resource
/// at its backend (made by the first subscriber, dropped after the last) and fans the backend's
/// <c>notifications/resources/updated</c> out to the streams of the subscribed sessions: on this node, or through the
/// session's grain to the observer the node holding the stream registered with it (a session may subscribe through one
/// node and stream from another).
/// </summary>
internal sealed class ResourceSubscriptions : IDisposable
{
    private readonly ICatalogue _catalogue;
    private readonly BackendPool _backends;
    private readonly SessionStreams _streams;
    private readonly SessionManager _sessions;
    private readonly ISessionPort _cluster;
    private readonly Dictionary<(string Backend, string Uri), HashSet<string>> _subscribers = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public ResourceSubscriptions(ICatalogue catalogue, BackendPool backends, SessionStreams streams, SessionManager sessions, ISessionPort cluster)
    {
        _cluster = cluster;
        _catalogue = catalogue;
        _backends = backends;
        _streams = streams;
        _sessions = sessions;
        _backends.ResourceUpdated += OnResourceUpdated;
    }

    public async ValueTask<CallResult> SubscribeAsync(McpExchange exchange, string uri, bool subscribe)
    {
        if (exchange.Session is not { } session)
        {
            return CallResult.Failure(new GatewayError(GatewayErrorKind.MethodNotFound, $"Method not found: '{exchange.Message.Method}' needs a session; revision 2026-07-28 uses subscriptions/listen"));
        }

        if (Resolve(uri, exchange.Scope) is { } refusal)
        {
            return CallResult.Failure(refusal);
        }

        if (await ChangeAsync(session.Id, uri, subscribe, exchange.Http.RequestAborted) is { } failure)
        {
            return CallResult.Failure(failure);
        }

        await _sessions.UpdateAsync(
            session with { Subscriptions = subscribe ? [.. session.Subscriptions.Append(uri).Distinct()] : [.. session.Subscriptions.Where(u => u != uri)] },
            exchange.Http.RequestAborted);
        return CallResult.Success(new JsonObject());
    }

    /// <summary>Subscribes a <c>subscriptions/listen</c> stream to the resources it asked for; returns those it got.</summary>
    public async Task<IReadOnlyList<string>> ListenAsync(string listenerId, string? scope, IEnumerable<string> uris, CancellationToken cancellationToken)
    {
        var honored = new List<string>();
        foreach (var uri in uris.Distinct(StringComparer.Ordinal))
        {
            // Not acknowledged when the backend refused or is down.
            if (Resolve(uri, scope) is null && await ChangeAsync(listenerId, uri, subscribe: true, cancellationToken) is null)
            {
                honored.Add(uri);
            }
        }

        return honored;
    }

    private GatewayError? Resolve(string uri, string? scope)
    {
        var item = _catalogue.Current.FindResource(uri);
        if (item is null)
        {
            return new GatewayError(GatewayErrorKind.UnknownResource, $"Resource not found: '{uri}'");
        }

        return scope is not null && item.Scope != scope ? GatewayError.OutOfScope("resource", uri, scope) : null;
    }

    /// <summary>
    /// Adds or removes one subscriber, subscribing the gateway at the backend first / unsubscribing it last; the
    /// backend's failure (nothing changed) or null.
    /// </summary>
    private async Task<GatewayError?> ChangeAsync(string subscriberId, string uri, bool subscribe, CancellationToken cancellationToken)
    {
        var backend = _catalogue.Current.FindResource(uri)!.Backend;
        var key = (backend, uri);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            bool changesBackend;
            lock (_subscribers)
            {
                var current = _subscribers.GetValueOrDefault(key);
                changesBackend = subscribe ? current is not { Count: > 0 } : current is { Count: 1 } && current.Contains(subscriberId);
            }

            if (changesBackend && await _backends.SubscribeAsync(backend, uri, subscribe, cancellationToken) is { } failure)
            {
                return failure.ToGatewayError(backend);
            }

            lock (_subscribers)
            {
                if (subscribe)
                {
                    (_subscribers.TryGetValue(key, out var set) ? set : _subscribers[key] = []).Add(subscriberId);
                }
                else if (_subscribers.TryGetValue(key, out var set) && set.Remove(subscriberId) && set.Count == 0)
                {
                    _subscribers.Remove(key);
                }
            }

            return null;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Drops the subscriptions of a session that ended; the backend's go when nobody is left.</summary>
    public async Task SessionEndedAsync(string sessionId)
    {
        await _lock.WaitAsync();
        try
        {
            List<(string Backend, string Uri)> emptied;
            lock (_subscribers)
            {
                emptied = [.. _subscribers.Where(s => s.Value.Remove(sessionId) && s.Value.Count == 0).Select(s => s.Key)];
                foreach (var key in emptied)
                {
                    _subscribers.Remove(key);
                }
            }

            foreach (var key in emptied)
            {
                // A backend that fails to drop it (it is gone) has lost the subscription anyway.
                _ = await _backends.SubscribeAsync(key.Backend, key.Uri, subscribe: false, CancellationToken.None);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private void OnResourceUpdated(string backend, JsonObject parameters)
    {
        if (parameters["uri"] is not JsonValue uriValue || !uriValue.TryGetValue<string>(out var uri))
        {
            return;
        }

        string[] sessionIds;
        lock (_subscribers)
        {
            sessionIds = _subscribers.TryGetValue((backend, uri), out var subscribers) ? [.. subscribers] : [];
        }

        foreach (var sessionId in sessionIds)
        {
            if (!_streams.TryNotify(sessionId, "notifications/resources/updated", parameters))
            {
                _ = _cluster.NotifyStreamAsync(sessionId, "notifications/resources/updated", parameters);
            }
        }
    }

    public void Dispose() => _backends.ResourceUpdated -= OnResourceUpdated;
}
