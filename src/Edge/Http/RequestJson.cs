using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Http;

/// <summary>
/// Every request body the gateway reads as JSON, read the same way: within <c>GATEWAY_MAX_BODY_BYTES</c>
/// (<see cref="McpHttpBody.ReadAsync"/>) and parsed by <see cref="StrictJson"/> before anything else happens. The bytes
/// stay on the request (<see cref="BytesOf"/>) for the audit record's fallback digest.
/// </summary>
internal static class RequestJson
{
    private static readonly object BodyKey = new();

    /// <summary>
    /// The body and its JSON; throws a <see cref="GatewayException"/> (payload too large, parse error) with a safe
    /// message. <paramref name="maxDepth"/>: see <see cref="StrictJson.Parse"/>.
    /// </summary>
    public static async Task<Body> ReadAsync(HttpContext http, long limit, int maxDepth = StrictJson.MaxDepth)
    {
        var bytes = await McpHttpBody.ReadAsync(http.Request, limit, http.RequestAborted);
        http.Items[BodyKey] = bytes;
        return new Body(bytes, StrictJson.Parse(bytes, maxDepth));
    }

    /// <summary>The bytes <see cref="ReadAsync"/> read on this request (empty when it read none).</summary>
    public static ReadOnlyMemory<byte> BytesOf(HttpContext http) =>
        http.Items.TryGetValue(BodyKey, out var bytes) && bytes is byte[] body ? body : ReadOnlyMemory<byte>.Empty;

    /// <summary>A body as the client sent it and as JSON (null for the literal <c>null</c>).</summary>
    public readonly record struct Body(ReadOnlyMemory<byte> Bytes, JsonNode? Json);
}
