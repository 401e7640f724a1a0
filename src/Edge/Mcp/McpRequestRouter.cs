using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Policy;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Serves one MCP request once its revision and session are established: the gateway's own methods are answered
/// here (catalogue listings spend the caller's quota like calls), the calls that reach a backend go through the
/// <see cref="CallPipeline"/>.
/// </summary>
internal sealed class McpRequestRouter(
    ICatalogue catalogue,
    RolePolicySource policies,
    CallPipeline pipeline,
    SessionManager sessions,
    ResourceSubscriptions subscriptions,
    InFlightRequests inFlight,
    ISessionPort cluster,
    Jobs.McpTasks tasks,
    GatewayOptions options,
    Traffic.ListingAdmission listings,
    TimeProvider time)
{
    public async ValueTask<CallResult> HandleAsync(McpExchange exchange)
    {
        var message = exchange.Message;
        var method = message.Method!;
        if (CatalogueListing.ForMethod(method) is { } listing)
        {
            if (await listings.AdmitAsync(exchange.Caller, exchange.Http.RequestAborted) is { } refusal)
            {
                return CallResult.Failure(refusal);
            }

            var policy = policies.Current;
            var list = CatalogueListing.List(
                catalogue.Current, listing.Kind, listing.Key, exchange.Scope, item => policy.IsVisible(exchange.Caller, item), message.Params, options.PageSize);
            if (McpRevisions.IsStateless(exchange.ProtocolVersion))
            {
                // Cacheable results of the stateless revision: listings depend on the caller, and change without notice.
                list["ttlMs"] = 0;
                list["cacheScope"] = "private";
            }
            else if (listing.Kind == CatalogueKind.Tool && exchange.ProtocolVersion == McpRevisions.V2025_11_25)
            {
                Jobs.McpTasks.DeclareTaskSupport(list);
            }

            return CallResult.Success(list);
        }

        return method switch
        {
            "ping" => CallResult.Success(new JsonObject()),
            "server/discover" => CallResult.Success(ServerDescription.DiscoverResult()),
            "tools/call" => await CallAsync(exchange, CallKind.ToolCall, RequiredString(message.Params, "name")),
            "prompts/get" => await CallAsync(exchange, CallKind.PromptGet, RequiredString(message.Params, "name")),
            "resources/read" => await CallAsync(exchange, CallKind.ResourceRead, RequiredString(message.Params, "uri")),
            "completion/complete" => await CallAsync(exchange, CallKind.Completion, CompletionName(message.Params)),
            _ when Jobs.McpTasks.IsTaskMethod(method) => await tasks.HandleAsync(exchange, method),
            "logging/setLevel" when exchange.Session is { } session => await SetLevelAsync(exchange, session),
            "resources/subscribe" => await subscriptions.SubscribeAsync(exchange, RequiredString(message.Params, "uri"), subscribe: true),
            "resources/unsubscribe" => await subscriptions.SubscribeAsync(exchange, RequiredString(message.Params, "uri"), subscribe: false),
            "initialize" when exchange.Session is not null => Fail(GatewayErrorKind.InvalidRequest, "The session is already initialized"),
            "initialize" => Fail(GatewayErrorKind.MethodNotFound, $"Method not found: 'initialize' is not part of revision {exchange.ProtocolVersion}; use server/discover"),
            _ => Fail(GatewayErrorKind.MethodNotFound, $"Method not found: '{method}'"),
        };
    }

    /// <summary>Handles a notification from the client (never answered).</summary>
    public async ValueTask HandleNotificationAsync(McpExchange exchange)
    {
        switch (exchange.Message.Method)
        {
            case "notifications/initialized" when exchange.Session is { Initialized: false } session:
                await sessions.UpdateAsync(session with { Initialized = true }, exchange.Http.RequestAborted);
                break;
            case "notifications/cancelled" when exchange.Message.Params["requestId"] is JsonValue requestId
                && requestId.GetValueKind() is JsonValueKind.String or JsonValueKind.Number:
                var key = exchange.CancellationKey(requestId.ToJsonString());
                if (!inFlight.Cancel(key))
                {
                    // Served by another node (a session's posts may reach any node).
                    await cluster.CancelAsync(exchange.CancellationScope, key);
                }

                break;
        }
    }

    private async ValueTask<CallResult> CallAsync(McpExchange exchange, CallKind kind, string name)
    {
        using var registration = inFlight.Register(exchange.CancellationKey(exchange.Message.IdText!), exchange.Http.RequestAborted);
        using var serving = cluster.Serving(exchange.CancellationScope);
        var context = new CallContext
        {
            RequestId = exchange.RequestId,
            CorrelationId = exchange.CorrelationId,
            TraceId = exchange.Http.GetTraceId(),
            ClientName = Audit.AuditClient.Describe(exchange),
            Caller = exchange.Caller,
            Endpoint = "mcp",
            Scope = exchange.Scope,
            Kind = kind,
            Name = name,
            Params = exchange.Message.Params,
            RequestBody = exchange.Message.Body.IsEmpty ? RequestJson.BytesOf(exchange.Http) : exchange.Message.Body,
            StartedAt = time.GetUtcNow(),
            CancellationToken = registration.Token,
            Client = exchange.Client,
            Job = kind == CallKind.ToolCall ? Jobs.McpTasks.Intent(exchange) : null,
        };
        var result = await pipeline.InvokeAsync(context);
        return result.IsSuccess && context.AcceptedJob is { } job ? CallResult.Success(tasks.Accepted(exchange, job)) : result;
    }

    private async ValueTask<CallResult> SetLevelAsync(McpExchange exchange, Core.Sessions.SessionRecord session)
    {
        var level = RequiredString(exchange.Message.Params, "level");
        if (!McpLogLevels.IsKnown(level))
        {
            return Fail(GatewayErrorKind.InvalidParams, $"Invalid log level '{level}'");
        }

        await sessions.UpdateAsync(session with { LogLevel = level }, exchange.Http.RequestAborted);
        return CallResult.Success(new JsonObject());
    }

    private static string RequiredString(JsonObject parameters, string key) =>
        parameters[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : throw new GatewayException(GatewayError.InvalidParams($"Invalid params: '{key}' must be a non-empty string"));

    private static string CompletionName(JsonObject parameters) =>
        parameters["ref"] is JsonObject reference
            ? RequiredString(reference, reference["type"]?.GetValue<string>() == "ref/prompt" ? "name" : "uri")
            : throw new GatewayException(GatewayError.InvalidParams("Invalid params: 'ref' must be an object"));

    private static CallResult Fail(GatewayErrorKind kind, string message) => CallResult.Failure(new GatewayError(kind, message));
}
