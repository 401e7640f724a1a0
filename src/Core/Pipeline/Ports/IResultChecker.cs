namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Checks a backend's result after the call (output schema, size limits); may replace it with an error.</summary>
public interface IResultChecker
{
    ValueTask<CallResult> CheckAsync(CallContext context, CallResult result);
}
