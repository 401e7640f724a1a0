using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Observability;

namespace McpGateway.Edge.Traffic;

/// <summary>
/// The user quota for the catalogue listings (<c>tools/list</c>, <c>prompts/list</c>, <c>resources/list</c>,
/// <c>resources/templates/list</c>), which the gateway answers itself without the pipeline: each takes one token from
/// the caller's bucket (and their tenant's) like a call, alone or as an element of a batch, so listings cannot be
/// sent without bound. A refusal is the call's refusal (-32029 with the same data and headers) and is counted in
/// <c>mcpgw_admission_refusals_total</c>; listings leave no audit record.
/// </summary>
internal sealed class ListingAdmission(UserQuotaGate quotas, CallMetrics metrics)
{
    /// <summary>Null when the listing may be served, else the refusal to answer with.</summary>
    public async ValueTask<GatewayError?> AdmitAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        var admission = await quotas.AdmitAsync(caller, cancellationToken);
        if (admission.Rejection is not { } refusal)
        {
            return null;
        }

        metrics.CountQuotaRefusal(refusal.Refusal?.Reason ?? "user_quota");
        return refusal;
    }
}
