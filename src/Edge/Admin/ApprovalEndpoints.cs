using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Approvals;
using McpGateway.Core.Policy;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Approvals;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Rest;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>/admin/approvals</c>: list (<c>?status=pending|approved|rejected|used|expired&amp;limit=N</c>), one approval with
/// its arguments, approve and reject (body <c>{"reason": "..."}</c>, optional). A decision applies only to a pending,
/// unexpired approval: anything else is 409.
/// </summary>
internal static class ApprovalEndpoints
{
    private const int MaxLimit = 500;

    public static RouteGroupBuilder MapApprovals(this RouteGroupBuilder admin)
    {
        admin.MapGet("/approvals", ListAsync);
        admin.MapGet("/approvals/{id}", GetAsync);
        admin.MapPost("/approvals/{id}/approve", (HttpContext http, string id, ApprovalService approvals, RolePolicySource policies, GatewayOptions options) => DecideAsync(http, id, true, approvals, policies, options));
        admin.MapPost("/approvals/{id}/reject", (HttpContext http, string id, ApprovalService approvals, RolePolicySource policies, GatewayOptions options) => DecideAsync(http, id, false, approvals, policies, options));
        return admin;
    }

    private static async Task ListAsync(HttpContext http, ApprovalService approvals)
    {
        ApprovalStatus? status = null;
        if (http.Request.Query["status"].ToString() is { Length: > 0 } text)
        {
            if (!Enum.TryParse<ApprovalStatus>(text, ignoreCase: true, out var parsed) || !text.All(char.IsAsciiLetterLower))
            {
                await Problem(http, StatusCodes.Status400BadRequest, "status must be one of pending, approved, rejected, used, expired");
                return;
            }

            status = parsed;
        }

        var limit = 100;
        if (http.Request.Query["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > MaxLimit))
        {
            await Problem(http, StatusCodes.Status400BadRequest, $"limit must be a whole number from 1 to {MaxLimit}");
            return;
        }

        var list = await approvals.ListAsync(status, limit, http.RequestAborted);
        var now = approvals.Now;
        await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
        {
            ["approvals"] = new JsonArray([.. list.Select(a => (JsonNode)ApprovalJson.Describe(a, now))]),
        });
    }

    private static async Task GetAsync(HttpContext http, string id, ApprovalService approvals)
    {
        if (await approvals.GetAsync(id, http.RequestAborted) is not { } approval)
        {
            await Problem(http, StatusCodes.Status404NotFound, $"no approval '{id}'");
            return;
        }

        await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, ApprovalJson.WithArguments(approval, approvals.Now));
    }

    private static async Task DecideAsync(HttpContext http, string id, bool approve, ApprovalService approvals, RolePolicySource policies, GatewayOptions options)
    {
        string? reason = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            JsonNode? body;
            try
            {
                body = (await RequestJson.ReadAsync(http, options.MaxBodyBytes)).Json;
            }
            catch (GatewayException exception)
            {
                await RestErrors.WriteAsync(http, exception.Error);
                return;
            }

            if (body is not JsonObject o || (o["reason"] is { } r && r.GetValueKind() != JsonValueKind.String))
            {
                await Problem(http, StatusCodes.Status400BadRequest, "expected {\"reason\": \"...\"} or no body");
                return;
            }

            reason = o["reason"]?.GetValue<string>();
        }

        if (reason is { Length: > 1000 })
        {
            await Problem(http, StatusCodes.Status400BadRequest, "reason: at most 1000 characters");
            return;
        }

        var decided = await approvals.DecideAsync(id, approve, http.GetCaller().UserId, reason, policies.Current.Approvals, http.RequestAborted);
        if (decided is not null)
        {
            await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, ApprovalJson.WithArguments(decided, approvals.Now));
            return;
        }

        if (await approvals.GetAsync(id, http.RequestAborted) is not { } existing)
        {
            await Problem(http, StatusCodes.Status404NotFound, $"no approval '{id}'");
            return;
        }

        await Problem(http, StatusCodes.Status409Conflict, $"approval '{id}' is {Approval.Name(existing.StatusAt(approvals.Now))}: only a pending approval can be decided");
    }

    private static Task Problem(HttpContext http, int status, string message) =>
        JsonRpcWriter.WriteJsonAsync(http, status, new JsonObject { ["error"] = new JsonObject { ["message"] = message } });
}
