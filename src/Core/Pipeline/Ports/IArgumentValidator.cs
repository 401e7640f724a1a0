using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Checks a call's arguments before it leaves the gateway (JSON Schema of the tool, prompt arguments).</summary>
public interface IArgumentValidator
{
    ValueTask<GatewayError?> ValidateAsync(CallContext context);
}
