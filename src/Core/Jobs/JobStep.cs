using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// "Dispatch now, or as a job": placed after validate, so a job is accepted only once the call passed authorize,
/// admit and validate. A <c>tools/call</c> that <see cref="JobPlanStep"/> marked as a job (the caller asked for one or
/// the tool is <c>long_running</c>) is handed to its job grain, which stores it with its audited acceptance event, and
/// the call is answered at once (<see cref="CallContext.AcceptedJob"/>); the grain runs it in the background through
/// the same pipeline.
/// </summary>
public sealed class JobStep(IJobGrains grains, JobSettings settings, ToolsConfigSource tools, TimeProvider time) : ICallStep
{
    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        if (context.Stage != CallStage.JobSubmit || context.Job is not { } intent || context.Target is not { } target)
        {
            return await next(context);
        }

        var tool = tools.Current.Backend(target.Backend)?.Tools.GetValueOrDefault(target.OriginalName);
        var now = time.GetUtcNow();
        var caller = context.Caller!;
        var job = new Job
        {
            Id = JobId.New(),
            OwnerId = caller.UserId,
            Tenant = caller.Tenant,
            Roles = caller.Roles,
            Scope = context.Scope,
            Tool = context.Name,
            Params = WithoutTaskRequest(context.Params),
            Origin = intent.Origin,
            SessionId = intent.SessionId,
            Idempotent = tool?.Idempotent == true,
            MaxAttempts = settings.MaxAttempts,
            NotBefore = now,
            CreatedAt = now,
            UpdatedAt = now,
            Retention = settings.RetentionFor(intent.Ttl),
            RequestId = context.RequestId,
            CorrelationId = context.CorrelationId,
        };

        var outcome = await grains.SubmitAsync(job, Acceptance(job, context, target.Backend, now), new JobLimits(settings.MaxActivePerUser, settings.MaxStoredPerUser), context.CancellationToken);
        switch (outcome)
        {
            case JobSubmitOutcome.TooManyActive:
                return Refuse($"Too many jobs: at most {settings.MaxActivePerUser} of yours may be queued or running at once; wait for one to finish or cancel one");
            case JobSubmitOutcome.TooManyStored:
                return Refuse($"Too many jobs: at most {settings.MaxStoredPerUser} of yours are kept; finished jobs are removed after their retention");
        }

        context.AcceptedJob = job;
        return CallResult.Success(new JsonObject { ["jobId"] = job.Id, ["status"] = job.Status.Name() });
    }

    private static CallResult Refuse(string message) => CallResult.Failure(new GatewayError(GatewayErrorKind.JobLimitReached, message));

    /// <summary>The task request describes the job, not the call: the backend never sees it.</summary>
    private static JsonObject WithoutTaskRequest(JsonObject parameters)
    {
        var copy = (JsonObject)parameters.DeepClone();
        copy.Remove("task");
        return copy;
    }

    /// <summary>The audited acceptance: who submitted what, and the policy decision that let it in. Never the arguments.</summary>
    private static JobEvent Acceptance(Job job, CallContext context, string backend, DateTimeOffset now) => new(job.Id, now, "accepted", null, new JsonObject
    {
        ["user_id"] = job.OwnerId,
        ["tenant"] = job.Tenant,
        ["roles"] = new JsonArray([.. job.Roles.Select(r => JsonValue.Create(r))]),
        ["tool"] = job.Tool,
        ["backend"] = backend,
        ["endpoint"] = context.Endpoint,
        ["scope"] = context.Scope,
        ["origin"] = job.Origin.ToString().ToLowerInvariant(),
        ["request_id"] = context.RequestId,
        ["correlation_id"] = context.CorrelationId,
        ["decision"] = context.Decision is { } d ? (d.Allowed ? "allow" : "deny") : null,
        ["rule"] = context.Decision?.RuleId,
        ["policy_version"] = context.Decision?.PolicyVersion,
    });
}
