using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Decides whether the caller may make the call (role policy, argument constraints, approvals).</summary>
public interface IAuthorizationPolicy
{
    /// <summary>Null to allow, or the reason to refuse.</summary>
    ValueTask<GatewayError?> AuthorizeAsync(CallContext context);
}
