using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Hosting.Http;

/// <summary>Small HTTP helpers shared by the Streamable HTTP and legacy SSE endpoints.</summary>
internal static class McpHttp
{
    public const string SessionIdHeader = "Mcp-Session-Id";
    public const string ProtocolVersionHeader = "MCP-Protocol-Version";
    public const string MethodHeader = "Mcp-Method";
    public const string NameHeader = "Mcp-Name";

    /// <summary>Revisions served over HTTP (the legacy 2024-11-05 one only through <c>/sse</c>, but accepted everywhere).</summary>
    public static readonly string[] SupportedProtocolVersions =
    [
        "2024-11-05",
        "2025-03-26",
        "2025-06-18",
        "2025-11-25",
        "2026-07-28",
    ];

    /// <summary>First revision without the initialize handshake and without HTTP sessions.</summary>
    public const string FirstSessionlessVersion = "2026-07-28";

    public static readonly JsonTypeInfo<JsonRpcMessage> MessageTypeInfo =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    private static readonly JsonTypeInfo<JsonRpcError> ErrorTypeInfo =
        (JsonTypeInfo<JsonRpcError>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError));

    private static readonly JsonTypeInfo<UnsupportedProtocolVersionErrorData> UnsupportedVersionTypeInfo =
        (JsonTypeInfo<UnsupportedProtocolVersionErrorData>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(UnsupportedProtocolVersionErrorData));

    /// <summary>Whether the revision is one of ours.</summary>
    public static bool IsSupportedVersion(string version) => Array.IndexOf(SupportedProtocolVersions, version) >= 0;

    /// <summary>Revisions from 2026-07-28 on: per-request metadata, no initialize, no sessions, standard headers.</summary>
    public static bool IsSessionlessVersion(string? version) =>
        !string.IsNullOrEmpty(version) && string.CompareOrdinal(version, FirstSessionlessVersion) >= 0;

    /// <summary>A new 128-bit random, URL-safe session id.</summary>
    public static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    public static void PrepareSseResponse(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentType = "text/event-stream";
        headers.CacheControl = "no-cache,no-store";
        headers.ContentEncoding = "identity";
        headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Whether the Accept header admits the given media type (wildcards count; a missing header does not).</summary>
    public static bool Accepts(HttpRequest request, string mediaType)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return false;
        }

        var wanted = new MediaTypeHeaderValue(mediaType);
        foreach (var value in accept)
        {
            if (wanted.IsSubsetOf(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads one JSON-RPC message from the request body; <see langword="null"/> when it is not one.</summary>
    public static async ValueTask<JsonRpcMessage?> ReadMessageAsync(HttpContext context)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, MessageTypeInfo, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string message, int code = -32000, JsonNode? data = null)
    {
        var error = new JsonRpcError
        {
            Id = default,
            Error = new JsonRpcErrorDetail { Code = code, Message = message, Data = data },
        };

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, error, ErrorTypeInfo, context.RequestAborted);
    }

    /// <summary>Validates the <c>MCP-Protocol-Version</c> header; writes a 400 and returns false when it names an unknown revision.</summary>
    public static async ValueTask<bool> ValidateProtocolVersionHeaderAsync(HttpContext context, string version)
    {
        if (version.Length == 0 || IsSupportedVersion(version))
        {
            return true;
        }

        var data = JsonSerializer.SerializeToNode(
            new UnsupportedProtocolVersionErrorData { Supported = [.. SupportedProtocolVersions], Requested = version },
            UnsupportedVersionTypeInfo);
        await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
            $"Bad Request: unsupported MCP-Protocol-Version '{version}'.",
            (int)McpErrorCode.UnsupportedProtocolVersion, data);
        return false;
    }
}
