using System.Collections.Concurrent;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Traffic;

/// <summary>
/// The user quota: one token per call from the caller's own bucket and, when configured, from their tenant's shared
/// bucket. Buckets are made on first use and kept by (tenant, user).
/// </summary>
public sealed class UserQuotaGate(UserQuotaLimits limits, IAdmissionEngine engine) : IAdmissionGate
{
    private readonly ConcurrentDictionary<(string? Tenant, string User), IRateBudget> _users = new();
    private readonly ConcurrentDictionary<string, IRateBudget?> _tenants = new(StringComparer.Ordinal);

    /// <summary>The buckets made so far, by key (<c>user:tenant/id</c>, <c>tenant:name</c>).</summary>
    public IEnumerable<(string Key, IRateBudget Budget)> Buckets =>
        _users.Select(u => (UserKey(u.Key.Tenant, u.Key.User), u.Value))
            .Concat(_tenants.Where(t => t.Value is not null).Select(t => (TenantKey(t.Key), t.Value!)));

    public async ValueTask<Admission> AdmitAsync(CallContext context)
    {
        if (context.Caller is not { } caller)
        {
            return Admission.Admitted();
        }

        var user = _users.GetOrAdd((caller.Tenant, caller.UserId), static (key, state) =>
            state.engine.Budget(UserKey(key.Tenant, key.User), state.limits.ForUser(state.caller)), (engine, limits, caller));
        var decision = await user.TryTakeAsync(context.CancellationToken);
        if (!decision.Admitted)
        {
            return Admission.Rejected(AdmissionErrors.RateLimited("user_quota", $"the quota of user '{caller.UserId}'", user.Limit, decision));
        }

        if (caller.Tenant is { } tenant
            && _tenants.GetOrAdd(tenant, static (name, state) =>
                state.limits.ForTenant(name) is { } limit ? state.engine.Budget(TenantKey(name), limit) : null, (engine, limits)) is { } shared)
        {
            decision = await shared.TryTakeAsync(context.CancellationToken);
            if (!decision.Admitted)
            {
                return Admission.Rejected(AdmissionErrors.RateLimited("tenant_quota", $"the quota of tenant '{tenant}'", shared.Limit, decision));
            }
        }

        return Admission.Admitted();
    }

    private static string UserKey(string? tenant, string user) => $"user:{tenant}/{user}";

    private static string TenantKey(string tenant) => $"tenant:{tenant}";
}
