using McpGateway.Core.Configuration;
using McpGateway.Core.Identity;

namespace McpGateway.Core.Traffic;

/// <summary>Which limits apply to a caller: the user's own bucket and, when configured, their tenant's shared one.</summary>
public sealed class UserQuotaLimits(QuotaConfig config, AdmissionDefaults defaults)
{
    private readonly RateLimit _user = Default(config.User, defaults);

    /// <summary>The <c>quotas</c> these limits come from.</summary>
    public QuotaConfig Config => config;

    private RateLimit TenantDefault => config.Tenant is { } shared ? Override(shared, _user) : _user;

    /// <summary>The user's bucket: the user's override, else the most generous of their roles', else the default.</summary>
    public RateLimit ForUser(CallerIdentity caller)
    {
        if (config.Users.TryGetValue(caller.UserId, out var own))
        {
            return Override(own, _user);
        }

        RateLimit? best = null;
        foreach (var role in caller.Roles)
        {
            if (config.Roles.TryGetValue(role, out var byRole))
            {
                var limit = Override(byRole, _user);
                if (best is null || limit.PerMinute > best.PerMinute || (limit.PerMinute == best.PerMinute && limit.Burst > best.Burst))
                {
                    best = limit;
                }
            }
        }

        return best ?? _user;
    }

    /// <summary>The tenant's shared bucket, or null when the tenant has none.</summary>
    public RateLimit? ForTenant(string? tenant)
    {
        if (tenant is null)
        {
            return null;
        }

        if (config.Tenants.TryGetValue(tenant, out var own))
        {
            return Override(own, TenantDefault);
        }

        return config.Tenant is null ? null : TenantDefault;
    }

    private static RateLimit Default(LimitConfig configured, AdmissionDefaults defaults) =>
        RateLimit.PerMinuteWithDefaultBurst(
            configured.PerMinute ?? defaults.UserPerMinute,
            configured.Burst ?? (configured.PerMinute is null ? defaults.UserBurst : null));

    /// <summary>An override: its own values; a missing rate is the fallback's, a missing burst follows the rate.</summary>
    private static RateLimit Override(LimitConfig limit, RateLimit fallback) =>
        limit.PerMinute is { } perMinute
            ? RateLimit.PerMinuteWithDefaultBurst(perMinute, limit.Burst)
            : new RateLimit(fallback.PerMinute, limit.Burst ?? fallback.Burst);
}
