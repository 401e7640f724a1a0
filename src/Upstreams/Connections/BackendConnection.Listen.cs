using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline.Ports;
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

    /// <summary>Subscribes the gateway to a resource here, or drops that subscription; null when done.</summary>
    public async ValueTask<BackendFailure?> SubscribeAsync(string uri, bool subscribe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await ConnectedClientAsync(cancellationToken) is not { } client)
        {
            return BackendFailure.Unreachable(Name);
        }

        if (!McpRevisions.IsStateless(client.NegotiatedProtocolVersion))
        {
            var response = await SendAsync(subscribe ? "resources/subscribe" : "resources/unsubscribe", new JsonObject { ["uri"] = uri }, timeout, null, cancellationToken);
            return response.Failure;
        }

        await _listenLock.WaitAsync(cancellationToken);
        try
        {
            var changed = subscribe ? _listenUris.Add(uri) : _listenUris.Remove(uri);
            return changed ? await ListenAgainAsync(client, timeout, subscribe ? uri : null, cancellationToken) : null;
        }
        finally
        {
            _listenLock.Release();
        }
    }

    /// <summary>
    /// Replaces the listen request by one for the current set; <paramref name="added"/> is taken back if the backend
    /// does not grant it. Null when done.
    /// </summary>
    private async Task<BackendFailure?> ListenAgainAsync(McpClient client, TimeSpan timeout, string? added, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _listen, null) is { } previous)
        {
            await previous.CancelAsync();
            previous.Dispose();
        }

        if (_listenUris.Count == 0)
        {
            return null;
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
            return null;
        }

        await listen.CancelAsync();
        listen.Dispose();
        _ = running.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        if (added is not null)
        {
            _listenUris.Remove(added);
        }

        return new BackendFailure(BackendFailureKind.Error, $"Backend '{Name}' did not grant the subscription to '{added}' on its subscriptions/listen stream");
    }
}
