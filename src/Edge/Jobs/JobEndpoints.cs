using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Http;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Rest;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// REST access to jobs: <c>GET /jobs</c> (the caller's, newest first; <c>?all=true</c> for admins),
/// <c>GET /jobs/{id}</c> (status), <c>GET /jobs/{id}/result</c> (the tool result exactly as returned, or the call's
/// error with its HTTP status), <c>DELETE /jobs/{id}</c> (cancel). Another user's job answers 404 like an unknown id.
/// </summary>
internal static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/jobs", (HttpContext http, JobService jobs) => AnswerAsync(http, async () =>
        {
            var limit = int.TryParse(http.Request.Query["limit"], out var l) ? l : 50;
            var (page, next) = await jobs.ListAsync(
                http.GetCaller(), http.Request.Query["all"] == "true", NullIfEmpty(http.Request.Query["cursor"]), limit, http.RequestAborted);
            var body = new JsonObject { ["jobs"] = new JsonArray([.. page.Select(j => (JsonNode)JobJson.Status(j, jobs.Settings))]) };
            if (next is not null)
            {
                body["next_cursor"] = next;
            }

            return body;
        }));
        endpoints.MapGet("/jobs/{id}", (HttpContext http, string id, JobService jobs) =>
            AnswerAsync(http, async () => JobJson.Status(await jobs.GetAsync(http.GetCaller(), id, http.RequestAborted), jobs.Settings)));
        endpoints.MapDelete("/jobs/{id}", (HttpContext http, string id, JobService jobs) =>
            AnswerAsync(http, async () => JobJson.Status(await jobs.CancelAsync(http.GetCaller(), id, http.RequestAborted), jobs.Settings)));
        endpoints.MapGet("/jobs/{id}/result", (HttpContext http, string id, JobService jobs) => AnswerAsync(http, async () =>
        {
            var outcome = JobService.Outcome(await jobs.GetAsync(http.GetCaller(), id, http.RequestAborted));
            return outcome.IsSuccess ? outcome.Result! : throw new GatewayException(outcome.Error!);
        }));
    }

    private static async Task AnswerAsync(HttpContext http, Func<Task<JsonNode>> answer)
    {
        try
        {
            await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, await answer());
        }
        catch (GatewayException exception)
        {
            await RestErrors.WriteAsync(http, exception.Error);
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
