using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Policy;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Approvals;

/// <summary>
/// The approval lifecycle. A call whose risk needs approval is held: a pending approval bound to the caller, the tool
/// and the exact arguments is created (or the same pending one returned when the call is repeated, also by calls held
/// at the same time on any node: there is one pending approval per user, tool and arguments) and the caller gets
/// <see cref="GatewayErrorKind.ApprovalRequired"/> with its id. An admin approves or rejects it. The caller then
/// repeats the same call naming the approval in <c>_meta["mcpgw/approval"]</c>: it runs once, because using an
/// approval is one conditional write that only one call can win.
/// </summary>
public sealed class ApprovalService(IApprovalStore store, IApprovalNotifier notifier, TimeProvider time)
{
    /// <summary>The <c>_meta</c> key of a call that names its approval.</summary>
    public const string MetaKey = "mcpgw/approval";

    /// <summary>Holds the call, or lets it run under the approval it names.</summary>
    public async ValueTask<(CallDecision Decision, GatewayError? Error)> HoldOrUseAsync(CallContext context, RolePolicy policy, RiskDecision risk, string riskLevel)
    {
        var target = context.Target!;
        var caller = context.Caller!;
        var digest = CallFingerprint.Of(target.ExposedName, context.Arguments);
        var now = time.GetUtcNow();
        var cancellationToken = context.CancellationToken;
        if (RequestedId(context.Params) is not { } id)
        {
            var held = await store.FindPendingAsync(caller.UserId, target.ExposedName, digest, now, cancellationToken)
                ?? await CreateAsync(context, policy, risk, riskLevel, digest, now);
            return (Decision(DecisionEffect.ApprovalRequired, risk.RuleId, policy, held.Id), Required(held, riskLevel));
        }

        var approval = await store.GetAsync(id, cancellationToken);
        if (approval is null || approval.UserId != caller.UserId || approval.Tool != target.ExposedName || approval.ArgumentsDigest != digest)
        {
            // One answer for "no such approval" and "someone else's": ids are not probed.
            return Refuse("mismatch", $"approval '{id}' does not match this call: the same user must repeat the same tool call with the same arguments", policy, id);
        }

        switch (approval.StatusAt(now))
        {
            case ApprovalStatus.Pending:
                return (Decision(DecisionEffect.ApprovalRequired, risk.RuleId, policy, id), Required(approval, riskLevel));
            case ApprovalStatus.Approved when await store.TryUseAsync(id, now, cancellationToken):
                return (Decision(DecisionEffect.Allow, risk.RuleId, policy, id), null);
            case ApprovalStatus.Approved or ApprovalStatus.Used:
                return Refuse("used", $"approval '{id}' has already been used: an approved call runs once", policy, id);
            case ApprovalStatus.Rejected:
                return Refuse("rejected", $"approval '{id}' was rejected{(approval.Reason is { Length: > 0 } r ? $": {r}" : "")}", policy, id);
            default:
                return Refuse("expired", $"approval '{id}' has expired; repeat the call without it to ask again", policy, id);
        }
    }

    /// <summary>An admin's decision: approved approvals may be used until now + the policy's expiry. Null: not pending.</summary>
    public async Task<Approval?> DecideAsync(string id, bool approve, string decidedBy, string? reason, ApprovalSettings settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decided = await store.DecideAsync(id, approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected, decidedBy, reason, now, now + settings.ExpiresAfter, cancellationToken);
        if (decided is not null)
        {
            notifier.Notify(approve ? "approval.approved" : "approval.rejected", decided);
        }

        return decided;
    }

    public Task<Approval?> GetAsync(string id, CancellationToken cancellationToken) => store.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<Approval>> ListAsync(ApprovalStatus? status, int limit, CancellationToken cancellationToken) =>
        store.ListAsync(status, time.GetUtcNow(), limit, cancellationToken);

    public DateTimeOffset Now => time.GetUtcNow();

    private async Task<Approval> CreateAsync(CallContext context, RolePolicy policy, RiskDecision risk, string riskLevel, string digest, DateTimeOffset now)
    {
        var approval = new Approval
        {
            Id = "apr_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = context.Caller!.UserId,
            Tenant = context.Caller.Tenant,
            Tool = context.Target!.ExposedName,
            Backend = context.Target.Backend,
            Risk = riskLevel,
            Arguments = CallFingerprint.Text(context.Arguments),
            ArgumentsDigest = digest,
            RuleId = risk.RuleId,
            PolicyVersion = policy.Version,
            Status = ApprovalStatus.Pending,
            CreatedAt = now,
            ExpiresAt = now + policy.Approvals.ExpiresAfter,
        };
        var pending = await store.AddPendingAsync(approval, now, context.CancellationToken);
        if (pending.Id == approval.Id)
        {
            notifier.Notify("approval.requested", approval);
        }

        return pending;
    }

    private static string? RequestedId(JsonObject parameters) =>
        parameters["_meta"] is JsonObject meta && meta[MetaKey] is JsonValue value && value.TryGetValue<string>(out var id) && id.Length is > 0 and <= 100 ? id : null;

    private static CallDecision Decision(DecisionEffect effect, string rule, RolePolicy policy, string approvalId) =>
        new(effect, rule, policy.Version) { ApprovalId = approvalId, Source = DecisionSource.Approvals };

    private static (CallDecision, GatewayError) Refuse(string reason, string message, RolePolicy policy, string id)
    {
        var rule = $"approvals:{reason}";
        return (Decision(DecisionEffect.Deny, rule, policy, id),
            new GatewayError(GatewayErrorKind.Forbidden, $"Forbidden: {message} (rule {rule}, policy {policy.Version})"));
    }

    private static GatewayError Required(Approval approval, string riskLevel) => new(
        GatewayErrorKind.ApprovalRequired,
        $"Approval required: '{approval.Tool}' is a {riskLevel}-risk tool and this call is held as approval '{approval.Id}' until "
        + $"{approval.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}. Once an admin approves it, repeat the same call with _meta \"{MetaKey}\": \"{approval.Id}\".",
        Data: new JsonObject
        {
            ["approvalId"] = approval.Id,
            ["status"] = Approval.Name(ApprovalStatus.Pending),
            ["tool"] = approval.Tool,
            ["risk"] = riskLevel,
            ["expiresAt"] = approval.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["rule"] = approval.RuleId,
        });
}
