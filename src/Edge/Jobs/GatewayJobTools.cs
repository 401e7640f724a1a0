using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Jobs;

/// <summary>
/// The gateway's own tools for jobs: <c>get_job_status</c>, <c>get_job_result</c>, <c>cancel_job</c>,
/// <c>list_jobs</c>. They are catalogue entries of the gateway's own backend, served on every endpoint, granted by the
/// role policy like any tool, and called through the whole pipeline; this class is their dispatch.
/// </summary>
internal sealed class GatewayJobTools(JobService jobs)
{
    /// <summary>The backend and scope of the gateway's own entries: not a valid backend name, so no backend can take it.</summary>
    public const string Backend = "_gateway";

    public const string GetStatus = "get_job_status";
    public const string GetResult = "get_job_result";
    public const string Cancel = "cancel_job";
    public const string List = "list_jobs";

    public static IReadOnlyList<CatalogueItem> Items { get; } =
    [
        Item(GetStatus, "Status of one of your jobs: queued, running, succeeded, failed, cancelled or expired; progress, attempts, timestamps.", JobIdSchema()),
        Item(GetResult, "The result of one of your finished jobs, exactly as the tool returned it (or the call's error).", JobIdSchema()),
        Item(Cancel, "Cancels one of your queued or running jobs; a running call is cancelled at its backend.", JobIdSchema()),
        Item(List, "Your jobs, newest first, in pages.", new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["cursor"] = new JsonObject { ["type"] = "string", ["description"] = "next_cursor of the previous page" },
                ["limit"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = JobService.MaxPageSize },
                ["all"] = new JsonObject { ["type"] = "boolean", ["description"] = "admins only: every user's jobs" },
            },
            ["additionalProperties"] = false,
        }),
    ];

    public async ValueTask<CallResult> InvokeAsync(CallContext context)
    {
        var caller = context.Caller!;
        var arguments = context.Arguments ?? [];
        var token = context.CancellationToken;
        try
        {
            return context.Target!.OriginalName switch
            {
                GetStatus => Structured(JobJson.Status(await jobs.GetAsync(caller, JobIdArgument(arguments), token), jobs.Settings)),
                GetResult => JobService.Outcome(await jobs.GetAsync(caller, JobIdArgument(arguments), token)),
                Cancel => Structured(JobJson.Status(await jobs.CancelAsync(caller, JobIdArgument(arguments), token), jobs.Settings)),
                List => await ListAsync(caller, arguments, token),
                _ => CallResult.Failure(GatewayError.UnknownTool(context.Name, context.Scope)),
            };
        }
        catch (GatewayException exception)
        {
            return CallResult.Failure(exception.Error);
        }
    }

    private async ValueTask<CallResult> ListAsync(Core.Identity.CallerIdentity caller, JsonObject arguments, CancellationToken token)
    {
        var (page, next) = await jobs.ListAsync(
            caller,
            arguments["all"]?.GetValue<bool>() == true,
            arguments["cursor"]?.GetValue<string>(),
            arguments["limit"]?.GetValue<int>() ?? 50,
            token);
        var result = new JsonObject { ["jobs"] = new JsonArray([.. page.Select(j => (JsonNode)JobJson.Status(j, jobs.Settings))]) };
        if (next is not null)
        {
            result["next_cursor"] = next;
        }

        return Structured(result);
    }

    /// <summary>A tool result carrying <paramref name="value"/> as structured content and as its JSON text.</summary>
    public static CallResult Structured(JsonObject value) => CallResult.Success(new JsonObject
    {
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = value.ToJsonString() }),
        ["structuredContent"] = value,
    });

    private static string JobIdArgument(JsonObject arguments) =>
        arguments["job_id"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new GatewayException(GatewayError.InvalidParams("Invalid params: 'job_id' must be a string"));

    private static JsonObject JobIdSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["job_id"] = new JsonObject { ["type"] = "string", ["description"] = "the job's id" } },
        ["required"] = new JsonArray("job_id"),
        ["additionalProperties"] = false,
    };

    private static CatalogueItem Item(string name, string description, JsonObject inputSchema) => new(
        CatalogueKind.Tool,
        name,
        Backend,
        Backend,
        name,
        new JsonObject
        {
            ["name"] = name,
            ["title"] = name.Replace('_', ' '),
            ["description"] = description,
            ["inputSchema"] = inputSchema,
            ["annotations"] = new JsonObject { ["readOnlyHint"] = name != Cancel, ["openWorldHint"] = false },
        },
        OnEveryScope: true);
}
