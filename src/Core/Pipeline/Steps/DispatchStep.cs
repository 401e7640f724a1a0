using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>
/// The end of the pipeline: sends the call to the resolved backend under the backend's own name for the target,
/// leaving every other parameter as the caller sent it. What the backend's connector answers is data: its result, or a
/// <see cref="BackendFailure"/> that becomes the call's error; the caller's cancellation is the one exception it maps.
/// </summary>
public sealed class DispatchStep(IBackendDispatcher dispatcher)
{
    public async ValueTask<CallResult> InvokeAsync(CallContext context)
    {
        var target = context.Target ?? throw new InvalidOperationException("The resolve step must run before dispatch.");
        var parameters = BackendParams(context, target.OriginalName);
        if (context.BeforeDispatch is { } beforeDispatch)
        {
            try
            {
                await beforeDispatch();
            }
            catch (GatewayException exception)
            {
                return CallResult.Failure(exception.Error);
            }
        }

        BackendResponse response;
        try
        {
            response = await dispatcher.SendAsync(target.Backend, context.Kind.Method(), parameters, context.Client, context.CancellationToken);
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            // Cancelled by the client: whatever the backend leg threw on the way out (an OperationCanceledException, or an
            // I/O error of the aborted backend request, depending on where the cancellation caught it) means "cancelled".
            return Cancelled(target);
        }

        if (response.IsSuccess)
        {
            return CallResult.Success(response.Result);
        }

        return context.CancellationToken.IsCancellationRequested ? Cancelled(target) : CallResult.Failure(response.Failure.ToGatewayError(target.Backend));
    }

    private static CallResult Cancelled(CatalogueItem target) =>
        CallResult.Failure(new GatewayError(GatewayErrorKind.Cancelled, "The request was cancelled", target.Backend));

    private static JsonObject BackendParams(CallContext context, string originalName)
    {
        var parameters = (JsonObject)context.Params.DeepClone();
        StripProtocolMeta(parameters);
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

    /// <summary>
    /// The caller's per-request protocol metadata (<c>io.modelcontextprotocol/*</c>) describes the caller's session with
    /// the gateway, not the gateway's with the backend; the connection to the backend supplies its own. The gateway's
    /// own keys (<c>mcpgw/*</c>, e.g. the approval a call names) are for the gateway alone.
    /// </summary>
    private static void StripProtocolMeta(JsonObject parameters)
    {
        if (parameters["_meta"] is not JsonObject meta)
        {
            return;
        }

        foreach (var key in meta.Select(p => p.Key).Where(k => k.StartsWith(ReservedMetaPrefix, StringComparison.Ordinal) || k.StartsWith(GatewayMetaPrefix, StringComparison.Ordinal)).ToArray())
        {
            meta.Remove(key);
        }

        if (meta.Count == 0)
        {
            parameters.Remove("_meta");
        }
    }

    private const string ReservedMetaPrefix = "io.modelcontextprotocol/";

    private const string GatewayMetaPrefix = "mcpgw/";
}
