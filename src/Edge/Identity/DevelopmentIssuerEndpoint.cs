using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Identity;

/// <summary>
/// <c>POST /token</c>: the development issuer. Mapped only in Development with JWT mode; guarded by the
/// <c>X-Issuer-Token</c> header, compared in constant time with <c>JWT_ISSUER_ADMIN_TOKEN</c>.
/// </summary>
internal static class DevelopmentIssuerEndpoint
{
    public const string Path = "/token";

    public const string AdminHeader = "X-Issuer-Token";

    public static void MapDevelopmentIssuer(this IEndpointRouteBuilder endpoints, GatewayOptions options)
    {
        if (options.AuthMode != "jwt" || !options.IsDevelopment || options.Jwt.IssuerAdminToken is null)
        {
            return;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Jwt.IssuerAdminToken));
        var issuer = new DevelopmentTokenIssuer(options.Jwt, TimeProvider.System);
        endpoints.MapPost(Path, async (HttpContext http) =>
        {
            var presented = http.Request.Headers[AdminHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expected) || presented.Length == 0)
            {
                return Results.Json(new JsonObject { ["error"] = "unauthorized", ["error_description"] = $"{AdminHeader} is missing or wrong" }, statusCode: 401);
            }

            JsonObject? body;
            string? problem = null;
            try
            {
                body = (await Http.RequestJson.ReadAsync(http, options.MaxBodyBytes)).Json as JsonObject;
            }
            catch (Core.Protocol.GatewayException exception)
            {
                // The endpoint's own (OAuth) error shape, with the status of the refusal (400 parse error, 413 too large).
                return Results.Json(
                    new JsonObject { ["error"] = "invalid_request", ["error_description"] = exception.Error.Message },
                    statusCode: Mcp.JsonRpcErrors.HttpStatus(exception.Error.Kind));
            }

            if (body is null || !TryRead(body, out var request, out problem))
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_request", ["error_description"] = problem ?? "the body is not a JSON object" }, statusCode: 400);
            }

            var token = issuer.Issue(request.UserId, request.Roles, request.Workspace, request.ApiVersion, request.ExpiresIn);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(new JsonObject { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = request.ExpiresIn });
        });
    }

    private static bool TryRead(JsonObject body, out (string UserId, IReadOnlyList<string> Roles, string? Workspace, string? ApiVersion, int ExpiresIn) request, out string? problem)
    {
        request = default;
        problem = null;
        try
        {
            var userId = body["user_id"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(userId))
            {
                problem = "user_id is required";
                return false;
            }

            IReadOnlyList<string> roles = body["roles"] switch
            {
                JsonArray array => [.. array.Select(r => r!.GetValue<string>())],
                JsonValue value => value.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                _ => [],
            };
            var expiresIn = body["expires_in_seconds"]?.GetValue<int>() ?? DevelopmentTokenIssuer.DefaultLifetimeSeconds;
            if (expiresIn < 1 || expiresIn > DevelopmentTokenIssuer.MaxLifetimeSeconds)
            {
                problem = $"expires_in_seconds must be from 1 to {DevelopmentTokenIssuer.MaxLifetimeSeconds}";
                return false;
            }

            request = (userId, roles, body["workspace"]?.GetValue<string>(), body["api_version"]?.GetValue<string>(), expiresIn);
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or NullReferenceException)
        {
            problem = "user_id, roles, workspace, api_version must be strings (roles: an array of strings), expires_in_seconds an integer";
            return false;
        }
    }
}
