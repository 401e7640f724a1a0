using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Http;
using McpGateway.Edge.Mcp;

namespace McpGateway.Edge.Rest;

/// <summary>
/// <c>POST /mcp/invoke</c> for callers that do not speak MCP: <c>{"tool_name": "...", "arguments": {...}}</c> runs
/// through the same pipeline as <c>tools/call</c>; the answer is the tool result as JSON, or
/// <c>{"error": {"code", "kind", "message"}}</c> with the matching HTTP status.
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
                Caller = http.GetCaller(),
                Endpoint = "rest",
                Kind = CallKind.ToolCall,
                Name = request["tool_name"]!.GetValue<string>(),
                Params = new JsonObject { ["name"] = request["tool_name"]!.GetValue<string>(), ["arguments"] = request["arguments"]?.DeepClone() ?? new JsonObject() },
                StartedAt = time.GetUtcNow(),
                CancellationToken = http.RequestAborted,
            };
            var result = await pipeline.InvokeAsync(context);
            if (result.IsSuccess)
            {
                await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, result.Result!);
                return;
            }

            error = result.Error!;
        }

        RetryHeaders.Apply(http.Response, error!);
        await JsonRpcWriter.WriteJsonAsync(http, JsonRpcErrors.HttpStatus(error!.Kind), new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = JsonRpcErrors.Code(error),
                ["kind"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Kind.ToString()),
                ["message"] = error.Message,
                ["data"] = error.Data?.DeepClone(),
            },
        });
    }

    private async Task<JsonObject> ReadAsync(HttpContext http)
    {
        if (!McpHttpBody.IsJson(http.Request))
        {
            throw Invalid(GatewayErrorKind.UnsupportedMediaType, "Content-Type must be application/json");
        }

        var body = await McpHttpBody.ReadAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException)
        {
            throw Invalid(GatewayErrorKind.ParseError, "The body is not valid JSON");
        }

        if (node is not JsonObject request
            || request["tool_name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String || name.GetValue<string>().Length == 0)
        {
            throw Invalid(GatewayErrorKind.InvalidParams, "Expected {\"tool_name\": \"...\", \"arguments\": {...}}");
        }

        if (request["arguments"] is { } arguments && arguments is not JsonObject)
        {
            throw Invalid(GatewayErrorKind.InvalidParams, "'arguments' must be an object");
        }

        return request;
    }

    private static GatewayException Invalid(GatewayErrorKind kind, string message) => new(new GatewayError(kind, message));
}
