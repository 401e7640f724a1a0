using System.Diagnostics;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>
/// The outermost step when tracing is on: one span per call (<c>tools/call hello.echo</c>) from the
/// <see cref="Source"/> activity source, child of the request's span, tagged with the backend and the outcome.
/// Without a listener no span is made and the step costs nothing.
/// </summary>
public sealed class TraceStep : ICallStep
{
    /// <summary>The gateway's activity source (and meter) name.</summary>
    public const string Name = "McpGateway";

    public static readonly ActivitySource Source = new(Name);

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        using var activity = Source.StartActivity($"{context.Kind.Method()} {context.Name}", ActivityKind.Internal);
        if (activity is null)
        {
            return await next(context);
        }

        activity.SetTag("mcp.method.name", context.Kind.Method());
        activity.SetTag(context.Kind is CallKind.ResourceRead ? "mcp.resource.uri" : "gen_ai.tool.name", context.Name);
        activity.SetTag("mcpgw.endpoint", context.Endpoint);
        activity.SetTag("mcpgw.scope", context.Scope);
        activity.SetTag("mcpgw.request_id", context.RequestId);
        var result = await next(context);
        activity.SetTag("mcpgw.backend", context.Target?.Backend);
        activity.SetTag("mcpgw.outcome", result.IsSuccess ? (result.IsToolError ? "tool_error" : "success") : "error");
        if (result.Error is { } error)
        {
            activity.SetTag("error.type", error.Kind.ToString());
            activity.SetStatus(ActivityStatusCode.Error, error.Kind.ToString());
        }

        return result;
    }
}
