namespace McpGateway.Core.Protocol;

/// <summary>The one exception type for rejections: carries a <see cref="GatewayError"/> that is safe to send.</summary>
public sealed class GatewayException(GatewayError error) : Exception(error.Message)
{
    public GatewayError Error { get; } = error;
}
