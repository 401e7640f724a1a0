using System.Collections.Concurrent;
using McpGateway.Core.Configuration;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Traffic;

/// <summary>
/// The user quota: one token per call (and per catalogue listing, see <see cref="AdmitAsync(CallerIdentity, CancellationToken)"/>) from the caller's own bucket and, when configured, from their tenant's shared
/// bucket. Buckets are made on first use and kept by (tenant, user); after a reload of <c>tools.yaml</c> each is checked
/// once against the new <c>quotas</c> and made again when its limit changed. A job spends its token when it is
/// submitted, not again when a worker runs it.
/// </summary>
public sealed class UserQuotaGate(Func<QuotaConfig> quotas, AdmissionDefaults defaults, IAdmissionEngine engine) : IAdmissionGate
{
    private readonly ConcurrentDictionary<(string? Tenant, string User), Entry> _users = new();
    private readonly ConcurrentDictionary<string, Entry> _tenants = new(StringComparer.Ordinal);
    private volatile UserQuotaLimits? _limits;

    /// <summary>The buckets made so far, by key (<c>user:tenant/id</c>, <c>tenant:name</c>).</summary>
    public IEnumerable<(string Key, IRateBudget Budget)> Buckets =>
        _users.Select(u => (UserKey(u.Key.Tenant, u.Key.User), u.Value.Budget!))
            .Concat(_tenants.Where(t => t.Value.Budget is not null).Select(t => (TenantKey(t.Key), t.Value.Budget!)));

    public ValueTask<Admission> AdmitAsync(CallContext context) =>
        context.Caller is not { } caller || context.Stage == CallStage.JobRun
            ? ValueTask.FromResult(Admission.Admitted())
            : AdmitAsync(caller, context.CancellationToken);

    /// <summary>
    /// Takes one token for <paramref name="caller"/>: a call's (above), or a request the gateway answers itself without
    /// the pipeline (a catalogue listing), which costs the same.
    /// </summary>
    public async ValueTask<Admission> AdmitAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        var limits = Limits();
        var user = Budget(_users, (caller.Tenant, caller.UserId), limits, () => limits.ForUser(caller), UserKey(caller.Tenant, caller.UserId))!;
        var decision = await user.TryTakeAsync(cancellationToken);
        if (!decision.Admitted)
        {
            return Admission.Rejected(AdmissionErrors.RateLimited("user_quota", $"the quota of user '{caller.UserId}'", user.Limit, decision));
        }

        if (caller.Tenant is { } tenant && Budget(_tenants, tenant, limits, () => limits.ForTenant(tenant), TenantKey(tenant)) is { } shared)
        {
            decision = await shared.TryTakeAsync(cancellationToken);
            if (!decision.Admitted)
            {
                return Admission.Rejected(AdmissionErrors.RateLimited("tenant_quota", $"the quota of tenant '{tenant}'", shared.Limit, decision));
            }
        }

        return Admission.Admitted();
    }

    /// <summary>The limits of the <c>quotas</c> in force (made again when a reload brought other ones).</summary>
    private UserQuotaLimits Limits()
    {
        var config = quotas();
        var limits = _limits;
        if (limits is null || !ReferenceEquals(limits.Config, config))
        {
            limits = new UserQuotaLimits(config, defaults);
            _limits = limits;
        }

        return limits;
    }

    /// <summary>
    /// The bucket of <paramref name="key"/>: its limit is looked up once per configuration (not per call, so callers
    /// whose roles differ between tokens cannot swap buckets), and the bucket made again when the limit changed.
    /// </summary>
    private IRateBudget? Budget<TKey>(ConcurrentDictionary<TKey, Entry> entries, TKey key, UserQuotaLimits limits, Func<RateLimit?> limitOf, string engineKey)
        where TKey : notnull
    {
        if (entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Limits, limits))
        {
            return entry.Budget;
        }

        var limit = limitOf();
        var budget = limit is null ? null
            : entry?.Budget is { } existing && existing.Limit == limit ? existing
            : engine.Budget(engineKey, limit);
        entries[key] = new Entry(limits, budget);
        return budget;
    }

    private sealed record Entry(UserQuotaLimits Limits, IRateBudget? Budget);

    private static string UserKey(string? tenant, string user) => $"user:{tenant}/{user}";

    private static string TenantKey(string tenant) => $"tenant:{tenant}";
}
