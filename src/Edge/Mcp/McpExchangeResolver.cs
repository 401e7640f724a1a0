using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Http;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// Establishes the protocol revision and session of an incoming message, answering the transport-level errors itself:
/// unsupported revision (400, -32022), header/body mismatch of the stateless revision (400, -32020), missing session
/// id (400), unknown session (404, -32001).
/// </summary>
internal sealed class McpExchangeResolver(SessionManager sessions)
{
    public bool IsStatelessRequest(HttpContext http, JsonRpcMessage message) =>
        McpRevisions.IsStateless(HeaderVersion(http) ?? MetaVersion(message));

    /// <summary>The exchange, or null after an error response was written.</summary>
    public async Task<McpExchange?> ResolveAsync(HttpContext http, JsonRpcMessage message, CallerIdentity caller, string? scope)
    {
        var headerVersion = HeaderVersion(http);
        if (headerVersion is not null && !McpRevisions.IsSupported(headerVersion))
        {
            await UnsupportedVersionAsync(http, message, headerVersion);
            return null;
        }

        var metaVersion = MetaVersion(message);
        if (McpRevisions.IsStateless(headerVersion ?? metaVersion))
        {
            return await StatelessAsync(http, message, caller, scope, headerVersion, metaVersion);
        }

        var sessionId = http.Request.Headers[McpHeaders.SessionId].ToString();
        if (sessionId.Length == 0)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, message.Id, JsonRpcErrors.InvalidRequest,
                "Bad Request: Mcp-Session-Id header is required; send initialize first, or use protocol revision 2026-07-28");
            return null;
        }

        var session = await sessions.FindAsync(sessionId, caller, scope, http.RequestAborted);
        if (session is null)
        {
            await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status404NotFound, message.Id, JsonRpcErrors.SessionNotFound, "Session not found");
            return null;
        }

        // A supported MCP-Protocol-Version other than the session's is tolerated (the session's revision applies), as
        // the reference SDKs do; a stateless revision on a session was routed to the stateless path above.
        http.Response.Headers[McpHeaders.SessionId] = session.Id;
        return new McpExchange(http, message, caller, scope, session.ProtocolVersion, session, http.GetRequestId(), http.GetCorrelationId());
    }

    private static async Task<McpExchange?> StatelessAsync(
        HttpContext http, JsonRpcMessage message, CallerIdentity caller, string? scope, string? headerVersion, string? metaVersion)
    {
        if (metaVersion is not null && !McpRevisions.IsSupported(metaVersion))
        {
            await UnsupportedVersionAsync(http, message, metaVersion);
            return null;
        }

        if (headerVersion is not null && metaVersion is not null && headerVersion != metaVersion)
        {
            return await MismatchAsync(http, message, $"MCP-Protocol-Version header '{headerVersion}' does not match _meta protocol version '{metaVersion}'");
        }

        if (message.Method is { } method)
        {
            var methodHeader = http.Request.Headers[McpHeaders.Method].ToString();
            if (methodHeader != method)
            {
                return await MismatchAsync(http, message, methodHeader.Length == 0
                    ? "Mcp-Method header is required"
                    : $"Mcp-Method header '{methodHeader}' does not match the body's method '{method}'");
            }

            if (NamedTarget(message) is { } target)
            {
                var nameHeader = DecodeHeader(http.Request.Headers[McpHeaders.Name].ToString());
                if (nameHeader != target)
                {
                    return await MismatchAsync(http, message, nameHeader.Length == 0
                        ? "Mcp-Name header is required for " + method
                        : $"Mcp-Name header '{nameHeader}' does not match the body's '{target}'");
                }
            }
        }

        return new McpExchange(http, message, caller, scope, headerVersion ?? metaVersion!, null, http.GetRequestId(), http.GetCorrelationId());
    }

    /// <summary>The value the <c>Mcp-Name</c> header must carry: the tool or prompt name, or the resource URI.</summary>
    private static string? NamedTarget(JsonRpcMessage message)
    {
        var key = message.Method switch
        {
            "tools/call" or "prompts/get" => "name",
            "resources/read" or "resources/subscribe" or "resources/unsubscribe" => "uri",
            "tasks/get" or "tasks/update" or "tasks/cancel" => "taskId",
            _ => null,
        };
        return key is not null && message.Params[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;
    }

    /// <summary>Header values that are not plain ASCII arrive as <c>=?base64?…?=</c>.</summary>
    private static string DecodeHeader(string value)
    {
        const string prefix = "=?base64?";
        if (value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith("?=", StringComparison.Ordinal))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(value[prefix.Length..^2]));
            }
            catch (FormatException)
            {
                return value;
            }
        }

        return value;
    }

    private static string? HeaderVersion(HttpContext http) =>
        http.Request.Headers[McpHeaders.ProtocolVersion].ToString() is { Length: > 0 } version ? version : null;

    private static string? MetaVersion(JsonRpcMessage message) =>
        message.Meta?[McpHeaders.MetaProtocolVersion] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static Task UnsupportedVersionAsync(HttpContext http, JsonRpcMessage message, string version) =>
        JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, message.Id, JsonRpcErrors.UnsupportedProtocolVersion,
            $"Unsupported protocol version '{version}'",
            new JsonObject
            {
                ["supported"] = new JsonArray([.. McpRevisions.All.Select(v => JsonValue.Create(v))]),
                ["requested"] = version,
            });

    private static async Task<McpExchange?> MismatchAsync(HttpContext http, JsonRpcMessage message, string text)
    {
        await JsonRpcWriter.WriteErrorAsync(http, StatusCodes.Status400BadRequest, message.Id, JsonRpcErrors.HeaderMismatch, "Header mismatch: " + text);
        return null;
    }
}
