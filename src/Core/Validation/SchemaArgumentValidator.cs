using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using Microsoft.Extensions.Logging;

namespace McpGateway.Core.Validation;

/// <summary>
/// The validate step's checks: <c>tools/call</c> arguments against the tool's <c>inputSchema</c>, and
/// <c>prompts/get</c> arguments against the prompt's declared arguments. Invalid calls never reach the backend.
/// </summary>
public sealed partial class SchemaArgumentValidator(
    ToolSchemas schemas,
    ToolsConfigSource tools,
    ILogger<SchemaArgumentValidator> logger) : IArgumentValidator
{
    public ValueTask<GatewayError?> ValidateAsync(CallContext context)
    {
        var target = context.Target;
        if (target is null || Mode(target.Backend) == SchemaValidationMode.Off)
        {
            return ValueTask.FromResult<GatewayError?>(null);
        }

        var error = context.Kind switch
        {
            CallKind.ToolCall => CheckToolArguments(context),
            CallKind.PromptGet => CheckPromptArguments(context),
            _ => null,
        };
        if (error is not null && Mode(target.Backend) == SchemaValidationMode.Warn)
        {
            LogWarnOnly(target.Backend, context.Name, error.Message);
            return ValueTask.FromResult<GatewayError?>(null);
        }

        return ValueTask.FromResult(error);
    }

    private GatewayError? CheckToolArguments(CallContext context)
    {
        var target = context.Target!;
        if (schemas.Get(target.Definition, "inputSchema") is not { } compiled)
        {
            return null;
        }

        if (compiled.Schema is null)
        {
            // The backend's own schema is broken: it stays the judge of its arguments.
            LogUnusableSchema(target.Backend, context.Name, compiled.LoadError ?? "");
            return null;
        }

        var arguments = context.Params["arguments"] ?? new JsonObject();
        return ToolSchemas.Check(compiled.Schema, arguments) is { } errors
            ? new GatewayError(
                GatewayErrorKind.InvalidParams,
                $"Invalid arguments for tool '{context.Name}': {string.Join("; ", errors.Take(3))}",
                target.Backend,
                Data: ToolSchemas.ErrorData(errors))
            : null;
    }

    private static GatewayError? CheckPromptArguments(CallContext context)
    {
        var declared = (context.Target!.Definition["arguments"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => a["name"]?.GetValueKind() == JsonValueKind.String)
            .ToDictionary(a => a["name"]!.GetValue<string>(), a => a["required"]?.GetValueKind() == JsonValueKind.True, StringComparer.Ordinal);
        var given = context.Params["arguments"] as JsonObject ?? [];
        var problems = new List<string>();
        problems.AddRange(declared.Where(d => d.Value && !given.ContainsKey(d.Key)).Select(d => $"missing required argument '{d.Key}'"));
        foreach (var (name, value) in given)
        {
            if (!declared.ContainsKey(name))
            {
                problems.Add($"unknown argument '{name}'");
            }
            else if (value?.GetValueKind() != JsonValueKind.String)
            {
                problems.Add($"argument '{name}' must be a string");
            }
        }

        return problems.Count == 0
            ? null
            : new GatewayError(GatewayErrorKind.InvalidParams, $"Invalid arguments for prompt '{context.Name}': {string.Join("; ", problems)}", context.Target.Backend);
    }

    /// <summary>The backend's <c>schema_validation</c> in the <c>tools.yaml</c> in force.</summary>
    private SchemaValidationMode Mode(string backend) => tools.Current.Backend(backend)?.SchemaValidation ?? default;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Backend {Backend}: the schema of {Name} cannot be used ({Reason}); its arguments are not checked")]
    private partial void LogUnusableSchema(string backend, string name, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Backend {Backend} (schema_validation: warn): {Name}: {Problem}")]
    private partial void LogWarnOnly(string backend, string name, string problem);
}
