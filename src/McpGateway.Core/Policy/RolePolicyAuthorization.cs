using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Policy;

/// <summary>The authorize step's role check: the caller's roles must allow the resolved entry.</summary>
public sealed class RolePolicyAuthorization(RolePolicySource policies) : IAuthorizationPolicy
{
    public ValueTask<GatewayError?> AuthorizeAsync(CallContext context)
    {
        var target = context.Target;
        if (target is null || context.Caller is null)
        {
            return ValueTask.FromResult<GatewayError?>(null);
        }

        // A resource read is judged by the URI read; everything else by the entry's exposed name.
        var name = target.Kind is CatalogueKind.Resource or CatalogueKind.ResourceTemplate && context.Kind == CallKind.ResourceRead
            ? context.Name
            : target.ExposedName;
        var decision = policies.Current.Decide(context.Caller, target.Kind, name, target.Scope);
        context.Decision = (decision.Allowed, decision.RuleId, decision.PolicyVersion);
        return ValueTask.FromResult(decision.Allowed
            ? null
            : new GatewayError(
                GatewayErrorKind.Forbidden,
                $"Forbidden: no role of the caller may use {RolePolicy.Plural(RolePolicy.RuleKind(target.Kind))[..^1]} '{name}' (rule {decision.RuleId}, policy {decision.PolicyVersion})"));
    }
}
