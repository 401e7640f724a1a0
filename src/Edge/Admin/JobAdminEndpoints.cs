using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Jobs;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Http;
using McpGateway.Edge.Jobs;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Rest;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>GET /admin/jobs</c>: every user's jobs among the <see cref="Scanned"/> newest: how many are queued and running, and
/// the newest of each (queued, running, failed with the reason). <c>POST /admin/jobs/{id}/cancel</c>: an admin cancels
/// any queued or running job (404 unknown, 409 already finished); each attempt leaves an audit record (endpoint
/// <c>admin</c>, method <c>jobs/cancel</c>). Jobs are read only through <see cref="JobService"/>.
/// </summary>
internal static class JobAdminEndpoints
{
    /// <summary>How many of the newest jobs one answer looks at (pages of <see cref="JobService.MaxPageSize"/>).</summary>
    public const int Scanned = 500;

    /// <summary>How many jobs of each kind the answer lists.</summary>
    public const int Listed = 20;

    public static void MapJobAdminEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/jobs", async (HttpContext http, JobService jobs) =>
        {
            var caller = http.GetCaller();
            var seen = new List<Job>();
            string? cursor = null;
            do
            {
                var (page, next) = await jobs.ListAsync(caller, all: true, cursor, JobService.MaxPageSize, http.RequestAborted);
                seen.AddRange(page);
                cursor = next;
            }
            while (cursor is not null && seen.Count < Scanned);

            JsonArray List(JobStatus status) => new([.. seen.Where(j => j.Status == status).Take(Listed).Select(j => (JsonNode)Describe(j, jobs.Settings))]);
            await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["scanned"] = seen.Count,
                ["complete"] = cursor is null,
                ["counts"] = new JsonObject([.. Enum.GetValues<JobStatus>().Select(s => KeyValuePair.Create(s.Name(), (JsonNode?)seen.Count(j => j.Status == s)))]),
                ["queued"] = List(JobStatus.Queued),
                ["running"] = List(JobStatus.Running),
                ["failed"] = List(JobStatus.Failed),
            });
        });

        admin.MapPost("/jobs/{id}/cancel", async (HttpContext http, string id, JobService jobs, AuditWriter audit, TimeProvider time) =>
        {
            var started = time.GetUtcNow();
            if (!audit.IsAvailable)
            {
                await RestErrors.WriteAsync(http, AuditUnavailable);
                return;
            }

            var caller = http.GetCaller();
            Job? job = null;
            GatewayError? error = null;
            try
            {
                job = await jobs.CancelAsync(caller, id, http.RequestAborted);
            }
            catch (GatewayException exception)
            {
                error = exception.Error;
            }

            var record = new AuditRecord
            {
                EventId = Guid.CreateVersion7(started).ToString("N"),
                Time = started,
                RequestId = http.GetRequestId(),
                CorrelationId = http.GetCorrelationId(),
                TraceId = http.GetTraceId(),
                UserId = caller.UserId,
                Tenant = caller.Tenant,
                Roles = caller.Roles,
                Client = Audit.AuditClient.Describe(http, null),
                Endpoint = "admin",
                Method = "jobs/cancel",
                Name = job?.Tool ?? (JobId.IsWellFormed(id) ? id : "job"),
                Decision = "allow",
                RuleId = "roles.admin",
                Outcome = error is null ? "success" : "error",
                ErrorKind = error?.Kind.ToString(),
                LatencyMs = (time.GetUtcNow() - started).TotalMilliseconds,
            };
            try
            {
                await audit.WriteAsync(record, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                error = AuditUnavailable;
            }

            if (error is not null)
            {
                await RestErrors.WriteAsync(http, error);
                return;
            }

            await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, JobJson.Status(job!, jobs.Settings));
        });
    }

    private static readonly GatewayError AuditUnavailable = new(GatewayErrorKind.AuditUnavailable, "The audit log is unavailable; retry later");

    private static JsonObject Describe(Job job, JobSettings settings)
    {
        var o = JobJson.Status(job, settings);
        o["user_id"] = job.OwnerId;
        if (job.Tenant is not null)
        {
            o["tenant"] = job.Tenant;
        }

        return o;
    }
}
