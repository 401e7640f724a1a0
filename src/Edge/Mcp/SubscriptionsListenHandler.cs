using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// <c>subscriptions/listen</c> of the stateless revision (2026-07-28): the request's answer is a long-lived event
/// stream that first acknowledges what the gateway will deliver (list changes, resource updates of the requested URIs
/// that exist on the endpoint's scope), then carries those notifications, tagged with the subscription id (the
/// request's id), until the client closes it.
/// </summary>
/// <remarks>With the tasks extension, <c>notifications.taskIds</c> asks for <c>notifications/tasks</c> of the caller's tasks.</remarks>
internal sealed class SubscriptionsListenHandler(
    SessionStreams streams, ResourceSubscriptions subscriptions, Jobs.TaskListeners taskListeners, Core.Jobs.JobService jobs, IHostApplicationLifetime lifetime)
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

        var taskIds = await TaskIdsAsync(exchange, requested);
        if (taskIds is null)
        {
            return;
        }

        if (taskIds.Count > 0)
        {
            acknowledged["taskIds"] = new JsonArray([.. taskIds.Select(t => JsonValue.Create(t.Id))]);
            wanted.Add("notifications/tasks");
        }

        var subscriptionId = exchange.Message.Id!.DeepClone();
        var stream = new SseStream(http.Response);
        streams.TryAddListener(listenerId, exchange.Scope, stream, wanted.Contains, subscriptionId);
        foreach (var (taskId, version) in taskIds)
        {
            taskListeners.Add(taskId, listenerId, version);
        }

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
            foreach (var (taskId, _) in taskIds)
            {
                taskListeners.Remove(taskId, listenerId);
            }

            streams.Remove(listenerId, stream);
            await subscriptions.SessionEndedAsync(listenerId);
        }
    }

    /// <summary>
    /// The requested task ids the caller may follow (others are left out of the acknowledgement, as unknown ones); null
    /// after answering -32021 to a client that asks for task notifications without declaring the tasks extension.
    /// </summary>
    private async Task<List<(string Id, long Version)>?> TaskIdsAsync(McpExchange exchange, JsonObject requested)
    {
        if (requested["taskIds"] is not JsonArray ids)
        {
            return [];
        }

        if (!Jobs.McpTasks.DeclaresExtension(exchange))
        {
            await JsonRpcWriter.WriteErrorAsync(exchange.Http, StatusCodes.Status200OK, exchange.Message.Id, Jobs.McpTasks.MissingClientCapability,
                "Missing required client capability",
                new JsonObject { ["requiredCapabilities"] = new JsonObject { ["extensions"] = new JsonObject { [Jobs.McpTasks.Extension] = new JsonObject() } } });
            return null;
        }

        var honored = new List<(string Id, long Version)>();
        foreach (var id in ids.Select(i => i is JsonValue v && v.TryGetValue<string>(out var text) ? text : null).OfType<string>().Distinct())
        {
            try
            {
                var job = await jobs.GetAsync(exchange.Caller, id, exchange.Http.RequestAborted);
                honored.Add((id, job.Version));
            }
            catch (Core.Protocol.GatewayException)
            {
            }
        }

        return honored;
    }
}
