using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// A message a client posted for a legacy SSE session on a node that does not hold the session's stream, as it travels
/// to the node that does: the caller that node B authenticated (the silo network is inside the trust boundary, like the
/// database), the endpoint's scope, the message and the request's ids for the audit trail.
/// </summary>
internal sealed record RemoteClientMessage(CallerIdentity Caller, string? Scope, JsonRpcMessage Message, string RequestId, string CorrelationId)
{
    public JsonObject ToJson() => new()
    {
        ["caller"] = new JsonObject
        {
            ["user"] = Caller.UserId,
            ["roles"] = new JsonArray([.. Caller.Roles.Select(r => JsonValue.Create(r))]),
            ["tenant"] = Caller.Tenant,
            ["scopes"] = new JsonArray([.. Caller.Scopes.Select(s => JsonValue.Create(s))]),
            ["anonymous"] = Caller.IsAnonymous,
        },
        ["scope"] = Scope,
        ["message"] = Message.Raw.DeepClone(),
        ["requestId"] = RequestId,
        ["correlationId"] = CorrelationId,
    };

    /// <summary>The message, or null when the body is not one (a node of another version sent it).</summary>
    public static RemoteClientMessage? FromJson(JsonObject? body)
    {
        try
        {
            if (body?["caller"] is not JsonObject caller || caller["user"]?.GetValue<string>() is not { } user)
            {
                return null;
            }

            var identity = new CallerIdentity(
                user,
                Strings(caller["roles"]),
                caller["tenant"]?.GetValue<string>(),
                Strings(caller["scopes"]),
                caller["anonymous"]?.GetValue<bool>() ?? false);
            return new RemoteClientMessage(
                identity,
                body["scope"]?.GetValue<string>(),
                JsonRpcMessage.FromNode(body["message"]?.DeepClone()),
                body["requestId"]?.GetValue<string>() ?? "",
                body["correlationId"]?.GetValue<string>() ?? "");
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or Core.Protocol.GatewayException)
        {
            return null;
        }
    }

    private static string[] Strings(JsonNode? node) => node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];
}
