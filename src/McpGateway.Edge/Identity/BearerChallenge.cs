using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Identity;

/// <summary>
/// The answers of RFC 6750 §3 with the RFC 9728 <c>resource_metadata</c> pointer: 401 for a missing or invalid token,
/// and 403 <c>insufficient_scope</c> for the role policy (the seam for authorization).
/// </summary>
internal static class BearerChallenge
{
    public const int UnauthorizedCode = -32030;

    public static string MetadataUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{ProtectedResourceEndpoints.Path}";

    public static Task WriteUnauthorizedAsync(HttpContext context, bool tokenPresented)
    {
        var challenge = $"Bearer resource_metadata=\"{MetadataUrl(context.Request)}\"";
        if (tokenPresented)
        {
            challenge += ", error=\"invalid_token\", error_description=\"The access token is missing, invalid or expired\"";
        }

        context.Response.Headers.WWWAuthenticate = challenge;
        return JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, null, UnauthorizedCode, "Unauthorized: a valid bearer token is required");
    }

    /// <summary>403 for an authenticated caller lacking a scope or role; <paramref name="scope"/> names what is needed.</summary>
    public static Task WriteInsufficientScopeAsync(HttpContext context, string scope, string message)
    {
        context.Response.Headers.WWWAuthenticate =
            $"Bearer resource_metadata=\"{MetadataUrl(context.Request)}\", error=\"insufficient_scope\", scope=\"{scope}\"";
        return JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status403Forbidden, null, -32031, message);
    }
}
