using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Validation;

/// <summary>
/// The check step: a tool that declares an <c>outputSchema</c> must return conforming <c>structuredContent</c>.
/// Under <see cref="SchemaValidationMode.Enforce"/> a non-conforming result becomes a tool error naming the backend.
/// An <c>input_required</c> result (a multi-round-trip request, not the tool's result yet) is not checked.
/// </summary>
public sealed partial class OutputSchemaChecker(
    ToolSchemas schemas,
    ToolsConfigSource tools,
    ILogger<OutputSchemaChecker> logger) : IResultChecker
{
    public ValueTask<CallResult> CheckAsync(CallContext context, CallResult result)
    {
        var target = context.Target;
        var mode = target is null ? SchemaValidationMode.Off : Mode(target.Backend);
        if (context.Kind != CallKind.ToolCall || mode == SchemaValidationMode.Off || result.IsToolError
            || result.Result is not JsonObject body
            || (body["resultType"] is JsonValue resultType && resultType.TryGetValue<string>(out var type) && type == "input_required")
            || schemas.Get(target!.Definition, "outputSchema") is not { Schema: { } schema })
        {
            return ValueTask.FromResult(result);
        }

        var problem = body["structuredContent"] is not { } structured
            ? "it returned no structuredContent"
            : ToolSchemas.Check(schema, structured) is { } errors ? string.Join("; ", errors.Take(3)) : null;
        if (problem is null)
        {
            return ValueTask.FromResult(result);
        }

        LogMismatch(target.Backend, context.Name, problem, mode.ToString().ToLowerInvariant());
        if (mode == SchemaValidationMode.Warn)
        {
            return ValueTask.FromResult(result);
        }

        var message = $"Tool '{context.Name}' of backend '{target.Backend}' returned a result that does not match its outputSchema: {problem}";
        return ValueTask.FromResult(CallResult.Success(new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = message }),
            ["isError"] = true,
        }));
    }

    /// <summary>The backend's <c>schema_validation</c> in the <c>tools.yaml</c> in force.</summary>
    private SchemaValidationMode Mode(string backend) => tools.Current.Backend(backend)?.SchemaValidation ?? default;

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Backend {Backend}: result of {Name} does not match its outputSchema: {Problem} (schema_validation: {Mode})")]
    private partial void LogMismatch(string backend, string name, string problem, string mode);
}
