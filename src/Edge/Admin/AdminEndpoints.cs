using McpGateway.Edge.Http;
using McpGateway.Edge.Identity;

namespace McpGateway.Edge.Admin;

/// <summary>
/// The admin API under <c>/admin/</c>: every endpoint requires an authenticated caller with the <c>admin</c> role
/// (403 <c>insufficient_scope</c> otherwise). Each feature maps its own endpoints onto the group in its own file.
/// </summary>
internal static class AdminEndpoints
{
    public const string Role = "admin";

    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin");
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (!context.GetCaller().Roles.Contains(Role, StringComparer.Ordinal))
            {
                await BearerChallenge.WriteInsufficientScopeAsync(context, Role, "Forbidden: the admin API requires the admin role");
                return Results.Empty;
            }

            return await next(invocation);
        });
        return group;
    }
}
