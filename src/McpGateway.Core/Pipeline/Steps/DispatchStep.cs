using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>
/// The end of the pipeline: sends the call to the resolved backend under the backend's own name for the target,
/// leaving every other parameter as the caller sent it.
/// </summary>
public sealed class DispatchStep(IBackendDispatcher dispatcher)
{
    public async ValueTask<CallResult> InvokeAsync(CallContext context)
    {
        var target = context.Target ?? throw new InvalidOperationException("The resolve step must run before dispatch.");
        var parameters = BackendParams(context, target.OriginalName);
        try
        {
            var result = await dispatcher.SendAsync(target.Backend, context.Kind.Method(), parameters, context.CancellationToken);
            return CallResult.Success(result);
        }
        catch (GatewayException exception)
        {
            return CallResult.Failure(exception.Error);
        }
    }

    private static JsonObject BackendParams(CallContext context, string originalName)
    {
        var parameters = (JsonObject)context.Params.DeepClone();
        switch (context.Kind)
        {
            case CallKind.ToolCall or CallKind.PromptGet:
                parameters["name"] = originalName;
                break;
            case CallKind.Completion when parameters["ref"] is JsonObject reference && reference["type"]?.GetValue<string>() == "ref/prompt":
                reference["name"] = originalName;
                break;
        }

        return parameters;
    }
}
