using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Identity;

/// <summary>
/// The answers of RFC 6750 §3 with the RFC 9728 <c>resource_metadata</c> pointer: 401 for a missing or invalid token,
/// and 403 <c>insufficient_scope</c> for the role policy (the seam for authorization).
/// </summary>
internal static class BearerChallenge
{
    public const int UnauthorizedCode = Mcp.JsonRpcErrors.Unauthenticated;

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
        SetInsufficientScope(context, scope);
        return JsonRpcWriter.WriteErrorAsync(context, StatusCodes.Status403Forbidden, null, Mcp.JsonRpcErrors.Forbidden, message);
    }

    /// <summary>The <c>WWW-Authenticate</c> challenge of a 403 whose body another writer sends (REST).</summary>
    public static void SetInsufficientScope(HttpContext context, string? scope)
    {
        var challenge = $"Bearer resource_metadata=\"{MetadataUrl(context.Request)}\", error=\"insufficient_scope\"";
        if (scope is not null)
        {
            challenge += $", scope=\"{Quoted(scope)}\"";
        }

        context.Response.Headers.WWWAuthenticate = challenge;
    }

    /// <summary>A value safe inside a quoted-string: no quotes, backslashes or control characters.</summary>
    private static string Quoted(string value) => new([.. value.Where(c => c >= ' ' && c != '"' && c != '\\' && c < 127)]);
}
