using McpGateway.Core.Approvals;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Policy;

/// <summary>
/// The authorize step's policy, all from one snapshot of <c>policy.yaml</c>: the caller's roles must allow the entry;
/// then, for tool calls, every argument constraint must pass and the tool's risk decides whether the call runs, is
/// refused or is held for approval. The decision (with its rule and policy version) is put on the call for the record.
/// </summary>
public sealed class PolicyAuthorization(RolePolicySource policies, IToolRiskSource risks, ApprovalService approvals) : IAuthorizationPolicy
{
    public async ValueTask<GatewayError?> AuthorizeAsync(CallContext context)
    {
        var target = context.Target;
        if (target is null || context.Caller is null)
        {
            return null;
        }

        var policy = policies.Current;

        // A resource read is judged by the URI read; everything else by the entry's exposed name.
        var name = target.Kind is CatalogueKind.Resource or CatalogueKind.ResourceTemplate && context.Kind == CallKind.ResourceRead
            ? context.Name
            : target.ExposedName;
        var role = policy.Decide(context.Caller, target.Kind, name, target.Scope);
        if (!role.Allowed)
        {
            return Deny(context, policy, role.RuleId, DecisionSource.Roles, $"no role of the caller may use {RolePolicy.Plural(RolePolicy.RuleKind(target.Kind))[..^1]} '{name}'");
        }

        if (context.Kind == CallKind.ToolCall)
        {
            if (policy.Constraints.Check(target.ExposedName, context.Arguments) is { } violation)
            {
                return Deny(context, policy, violation.RuleId, DecisionSource.Constraints, violation.Message);
            }

            var level = risks.RiskOf(target.Backend, target.OriginalName);
            var risk = policy.DecideRisk(context.Caller, level);
            var levelName = level.ToString().ToLowerInvariant();
            switch (risk.Effect)
            {
                case RiskEffect.Deny:
                    return Deny(context, policy, risk.RuleId, DecisionSource.Risk, $"'{target.ExposedName}' is a {levelName}-risk tool, which the caller's roles may not call");
                case RiskEffect.Approve:
                    var (decision, error) = await approvals.HoldOrUseAsync(context, policy, risk, levelName);
                    context.Decision = decision;
                    return error;
            }
        }

        context.Decision = new CallDecision(DecisionEffect.Allow, role.RuleId, policy.Version);
        return null;
    }

    private static GatewayError Deny(CallContext context, RolePolicy policy, string rule, DecisionSource source, string reason)
    {
        context.Decision = new CallDecision(DecisionEffect.Deny, rule, policy.Version) { Source = source };
        return new GatewayError(GatewayErrorKind.Forbidden, $"Forbidden: {reason} (rule {rule}, policy {policy.Version})");
    }
}
