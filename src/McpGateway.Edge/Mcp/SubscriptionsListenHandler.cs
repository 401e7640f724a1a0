using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// <c>subscriptions/listen</c> of the stateless revision (2026-07-28): the request's answer is a long-lived event
/// stream that first acknowledges what the gateway will deliver (list changes, resource updates of the requested URIs
/// that exist on the endpoint's scope), then carries those notifications, tagged with the subscription id (the
/// request's id), until the client closes it.
/// </summary>
internal sealed class SubscriptionsListenHandler(SessionStreams streams, ResourceSubscriptions subscriptions, IHostApplicationLifetime lifetime)
{
    private static readonly (string Flag, string Method)[] ListChanges =
    [
        ("toolsListChanged", "notifications/tools/list_changed"),
        ("promptsListChanged", "notifications/prompts/list_changed"),
        ("resourcesListChanged", "notifications/resources/list_changed"),
    ];

    public async Task HandleAsync(McpExchange exchange)
    {
        var http = exchange.Http;
        var requested = exchange.Message.Params["notifications"] as JsonObject ?? [];
        var acknowledged = new JsonObject();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (flag, method) in ListChanges.Where(l => requested[l.Flag]?.GetValueKind() == JsonValueKind.True))
        {
            acknowledged[flag] = true;
            wanted.Add(method);
        }

        var listenerId = "listen:" + Guid.NewGuid().ToString("N");
        var uris = (requested["resourceSubscriptions"] as JsonArray ?? [])
            .Select(u => u is JsonValue v && v.TryGetValue<string>(out var uri) ? uri : null)
            .OfType<string>();
        var honored = await subscriptions.ListenAsync(listenerId, exchange.Scope, uris, http.RequestAborted);
        if (honored.Count > 0)
        {
            acknowledged["resourceSubscriptions"] = new JsonArray([.. honored.Select(u => JsonValue.Create(u))]);
            wanted.Add("notifications/resources/updated");
        }

        var subscriptionId = exchange.Message.Id!.DeepClone();
        var stream = new SseStream(http.Response);
        streams.TryAdd(listenerId, exchange.Scope, stream, wanted.Contains, subscriptionId);
        try
        {
            await stream.StartAsync(null, http.RequestAborted);
            await stream.WriteMessageAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["method"] = "notifications/subscriptions/acknowledged",
                ["params"] = new JsonObject
                {
                    ["notifications"] = acknowledged,
                    ["_meta"] = new JsonObject { [McpHeaders.MetaSubscriptionId] = subscriptionId.DeepClone() },
                },
            });
            await stream.RunAsync(http.RequestAborted, lifetime.ApplicationStopping);
        }
        finally
        {
            streams.Remove(listenerId, stream);
            await subscriptions.SessionEndedAsync(listenerId);
        }
    }
}
