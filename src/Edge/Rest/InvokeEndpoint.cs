using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;
using McpGateway.Edge.Identity;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Rest;

/// <summary>
/// <c>POST /mcp/invoke</c> for callers that do not speak MCP: <c>{"tool_name": "...", "arguments": {...}}</c> (and
/// <c>"approval_id"</c> when repeating an approved call) runs through the same pipeline as <c>tools/call</c>; the answer
/// is the tool result as JSON, or <c>{"error": {"code", "kind", "message"}}</c> with the matching HTTP status. A
/// refusal because the caller's roles lack the right also carries <c>WWW-Authenticate: Bearer … error="insufficient_scope"</c>.
/// With <c>"async": true</c> (or for a <c>long_running</c> tool) the call is accepted as a job: 202 with the job's
/// status and <c>Location: /jobs/{id}</c>.
/// </summary>
internal sealed class InvokeEndpoint(CallPipeline pipeline, GatewayOptions options, TimeProvider time)
{
    public async Task HandleAsync(HttpContext http)
    {
        GatewayError? error;
        JsonObject? request = null;
        try
        {
            request = await ReadAsync(http);
            error = null;
        }
        catch (GatewayException exception)
        {
            error = exception.Error;
        }

        if (error is null && request is not null)
        {
            var context = new CallContext
            {
                RequestId = http.GetRequestId(),
                CorrelationId = http.GetCorrelationId(),
                TraceId = http.GetTraceId(),
                ClientName = Audit.AuditClient.Describe(http, null),
                Caller = http.GetCaller(),
                Endpoint = "rest",
                Kind = CallKind.ToolCall,
                Name = request["tool_name"]!.GetValue<string>(),
                Params = Params(request),
                RequestBody = RequestJson.BytesOf(http),
                StartedAt = time.GetUtcNow(),
                CancellationToken = http.RequestAborted,
                Job = new JobIntent(JobOrigin.Rest, Requested: request["async"]?.GetValue<bool>() == true),
            };
            var result = await pipeline.InvokeAsync(context);
            if (result.IsSuccess && context.AcceptedJob is { } job)
            {
                http.Response.Headers.Location = "/jobs/" + job.Id;
                await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status202Accepted, Jobs.JobJson.Status(job, options.Jobs));
                return;
            }

            if (result.IsSuccess)
            {
                await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, result.Result!);
                return;
            }

            error = result.Error!;
            if (error.Kind == GatewayErrorKind.Forbidden && context.Decision is { LacksPrivilege: true })
            {
                BearerChallenge.SetInsufficientScope(http, null);
            }
        }

        await RestErrors.WriteAsync(http, error!);
    }

    private async Task<JsonObject> ReadAsync(HttpContext http)
    {
        if (!McpHttpBody.IsJson(http.Request))
        {
            throw Invalid(GatewayErrorKind.UnsupportedMediaType, "Content-Type must be application/json");
        }

        // The arguments travel one level deeper than they came (into params of a JSON-RPC message): one level less here.
        var body = await RequestJson.ReadAsync(http, options.MaxBodyBytes, StrictJson.MaxDepth - 1);
        if (body.Json is not JsonObject request
            || request["tool_name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String || name.GetValue<string>().Length == 0)
        {
            throw Invalid(GatewayErrorKind.InvalidParams, "Expected {\"tool_name\": \"...\", \"arguments\": {...}}");
        }

        if (request["arguments"] is { } arguments && arguments is not JsonObject)
        {
            throw Invalid(GatewayErrorKind.InvalidParams, "'arguments' must be an object");
        }

        if (request["approval_id"] is { } approval && (approval is not JsonValue value || value.GetValueKind() != JsonValueKind.String))
        {
            throw Invalid(GatewayErrorKind.InvalidParams, "'approval_id' must be a string");
        }

        if (request["async"] is { } async && async.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Invalid(GatewayErrorKind.InvalidParams, "'async' must be true or false");
        }

        return request;
    }

    /// <summary>The <c>tools/call</c> params of a REST call; an <c>approval_id</c> goes where MCP callers put it.</summary>
    private static JsonObject Params(JsonObject request)
    {
        var parameters = new JsonObject { ["name"] = request["tool_name"]!.GetValue<string>(), ["arguments"] = request["arguments"]?.DeepClone() ?? new JsonObject() };
        if (request["approval_id"] is JsonValue approval)
        {
            parameters["_meta"] = new JsonObject { [Core.Approvals.ApprovalService.MetaKey] = approval.GetValue<string>() };
        }

        return parameters;
    }

    private static GatewayException Invalid(GatewayErrorKind kind, string message) => new(new GatewayError(kind, message));
}
