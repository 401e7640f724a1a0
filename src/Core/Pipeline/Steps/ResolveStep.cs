using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Finds the catalogue entry the call names and refuses entries outside the endpoint's scope.</summary>
public sealed class ResolveStep(ICatalogue catalogue) : ICallStep
{
    public ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        var snapshot = catalogue.Current;
        var item = Find(snapshot, context);
        if (item is null)
        {
            return Fail(NotFound(context));
        }

        if (!item.IsOnScope(context.Scope))
        {
            return Fail(GatewayError.OutOfScope(Noun(context.Kind), context.Name, context.Scope!));
        }

        if (context.Kind == CallKind.Completion && !snapshot.CompletionBackends.Contains(item.Backend))
        {
            return Fail(GatewayError.InvalidParams($"Completions are not supported for '{context.Name}'"));
        }

        context.Target = item;
        return next(context);
    }

    private static CatalogueItem? Find(CatalogueSnapshot snapshot, CallContext context) => context.Kind switch
    {
        CallKind.ToolCall => snapshot.FindTool(context.Name),
        CallKind.PromptGet => snapshot.FindPrompt(context.Name),
        CallKind.ResourceRead => snapshot.FindResource(context.Name),
        CallKind.Completion => CompletionTarget(snapshot, context),
        _ => null,
    };

    /// <summary>A completion names a prompt (<c>ref/prompt</c>) or a resource template (<c>ref/resource</c>).</summary>
    private static CatalogueItem? CompletionTarget(CatalogueSnapshot snapshot, CallContext context) =>
        (context.Params["ref"] is JsonObject reference && reference["type"] is JsonValue type && type.TryGetValue<string>(out var name) ? name : null) switch
        {
            "ref/prompt" => snapshot.FindPrompt(context.Name),
            "ref/resource" => snapshot.FindTemplate(context.Name) ?? snapshot.FindResource(context.Name),
            _ => null,
        };

    private static GatewayError NotFound(CallContext context) => context.Kind switch
    {
        CallKind.ToolCall => GatewayError.UnknownTool(context.Name, context.Scope),
        CallKind.PromptGet => new GatewayError(GatewayErrorKind.UnknownPrompt, $"Unknown prompt: '{context.Name}'"),
        CallKind.ResourceRead => new GatewayError(GatewayErrorKind.UnknownResource, $"Resource not found: '{context.Name}'"),
        _ => GatewayError.InvalidParams($"Unknown completion reference: '{context.Name}'"),
    };

    private static string Noun(CallKind kind) => kind switch
    {
        CallKind.ToolCall => "tool",
        CallKind.PromptGet => "prompt",
        CallKind.ResourceRead => "resource",
        _ => "reference",
    };

    private static ValueTask<CallResult> Fail(GatewayError error) => ValueTask.FromResult(CallResult.Failure(error));
}
