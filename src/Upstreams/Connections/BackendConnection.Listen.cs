using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// The gateway's resource subscriptions at the backend: <c>resources/subscribe</c> and <c>unsubscribe</c> on session
/// revisions; under 2026-07-28 (which has neither) one <c>subscriptions/listen</c> request carrying every subscribed
/// URI, opened again whenever that set changes. Its <c>notifications/resources/updated</c> arrive like any other.
/// </summary>
internal sealed partial class BackendConnection
{
    private const string SubscriptionIdKey = "io.modelcontextprotocol/subscriptionId";

    private readonly SemaphoreSlim _listenLock = new(1, 1);
    private readonly SortedSet<string> _listenUris = new(StringComparer.Ordinal);
    private CancellationTokenSource? _listen;

    public async ValueTask SubscribeAsync(string uri, bool subscribe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = await GetClientAsync(cancellationToken);
        if (!McpRevisions.IsStateless(client.NegotiatedProtocolVersion))
        {
            await SendAsync(subscribe ? "resources/subscribe" : "resources/unsubscribe", new JsonObject { ["uri"] = uri }, timeout, null, cancellationToken);
            return;
        }

        await _listenLock.WaitAsync(cancellationToken);
        try
        {
            if (subscribe ? _listenUris.Add(uri) : _listenUris.Remove(uri))
            {
                await ListenAgainAsync(client, timeout, subscribe ? uri : null, cancellationToken);
            }
        }
        finally
        {
            _listenLock.Release();
        }
    }

    /// <summary>Replaces the listen request by one for the current set; <paramref name="added"/> is taken back if it fails.</summary>
    private async Task ListenAgainAsync(McpClient client, TimeSpan timeout, string? added, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _listen, null) is { } previous)
        {
            await previous.CancelAsync();
            previous.Dispose();
        }

        if (_listenUris.Count == 0)
        {
            return;
        }

        var listen = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        var id = new RequestId("mcpgw-listen-" + Guid.NewGuid().ToString("N"));
        var idJson = JsonSerializer.SerializeToNode(id, McpJsonUtilities.DefaultOptions)!.ToJsonString();
        var acknowledged = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (notification, _) =>
        {
            if (notification.Params?["_meta"]?[SubscriptionIdKey] is JsonValue subscription && subscription.ToJsonString() == idJson)
            {
                acknowledged.TrySetResult(notification.Params["notifications"]?["resourceSubscriptions"] as JsonArray ?? []);
            }

            return ValueTask.CompletedTask;
        });
        var request = new JsonRpcRequest
        {
            Id = id,
            Method = RequestMethods.SubscriptionsListen,
            Params = new JsonObject
            {
                ["notifications"] = new JsonObject { ["resourceSubscriptions"] = new JsonArray([.. _listenUris.Select(u => JsonValue.Create(u))]) },
            },
        };
        var running = client.SendRequestAsync(request, listen.Token);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        var first = await Task.WhenAny(acknowledged.Task, running, Task.Delay(Timeout.InfiniteTimeSpan, _time, wait.Token));
        var granted = first == acknowledged.Task ? acknowledged.Task.Result.Select(u => u?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : [];
        if (first == acknowledged.Task && (added is null || granted.Contains(added)))
        {
            _listen = listen;
            _ = running.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return;
        }

        await listen.CancelAsync();
        listen.Dispose();
        _ = running.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        if (added is not null)
        {
            _listenUris.Remove(added);
        }

        throw new GatewayException(new GatewayError(
            GatewayErrorKind.BackendError, $"Backend '{Name}' did not grant the subscription to '{added}' on its subscriptions/listen stream", Name));
    }
}
