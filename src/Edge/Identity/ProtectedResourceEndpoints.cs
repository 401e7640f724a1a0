using System.Text.Json.Nodes;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Identity;

/// <summary>
/// OAuth 2.0 Protected Resource Metadata (RFC 9728), unauthenticated: <c>/.well-known/oauth-protected-resource</c>
/// and its path-suffixed forms for <c>/mcp</c> and <c>/{scope}/mcp</c>.
/// </summary>
internal static class ProtectedResourceEndpoints
{
    public const string Path = "/.well-known/oauth-protected-resource";

    public static void MapProtectedResourceMetadata(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext http, GatewayOptions options) => Document(http, options, "/mcp"));
        endpoints.MapGet(Path + "/mcp", (HttpContext http, GatewayOptions options) => Document(http, options, "/mcp"));
        endpoints.MapGet(Path + "/{scope}/mcp", (HttpContext http, string scope, GatewayOptions options) => Document(http, options, $"/{scope}/mcp"));
    }

    private static IResult Document(HttpContext http, GatewayOptions options, string resourcePath)
    {
        var document = new JsonObject
        {
            ["resource"] = $"{http.Request.Scheme}://{http.Request.Host}{resourcePath}",
            ["authorization_servers"] = new JsonArray([.. options.Jwt.AuthorizationServers.Select(s => JsonValue.Create(s))]),
            ["bearer_methods_supported"] = new JsonArray("header"),
            ["resource_signing_alg_values_supported"] = new JsonArray([.. options.Jwt.AllowedAlgorithms.Select(a => JsonValue.Create(a))]),
            ["resource_name"] = "McpGateway",
        };
        if (options.Jwt.ScopesSupported.Count > 0)
        {
            document["scopes_supported"] = new JsonArray([.. options.Jwt.ScopesSupported.Select(s => JsonValue.Create(s))]);
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Json(document);
    }
}
