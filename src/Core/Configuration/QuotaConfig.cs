using System.Collections.ObjectModel;

namespace McpGateway.Core.Configuration;

/// <summary>
/// The user quotas of <c>tools.yaml</c> (<c>quotas:</c>): every caller has a token bucket of their own; a tenant bucket
/// shared by a tenant's users exists when <see cref="Tenant"/> is set or the tenant has an override.
/// </summary>
public sealed record QuotaConfig
{
    public static QuotaConfig Default { get; } = new();

    /// <summary>Each user's bucket (<c>per_minute</c>, <c>burst</c>); unset: <c>RATE_LIMIT_USER_PER_MINUTE</c>, <c>RATE_LIMIT_USER_BURST</c>.</summary>
    public LimitConfig User { get; init; } = new(null, null);

    /// <summary>Each tenant's shared bucket (<c>tenant_per_minute</c>, <c>tenant_burst</c>); null: none unless overridden per tenant.</summary>
    public LimitConfig? Tenant { get; init; }

    /// <summary>A user's own bucket, by user id (<c>users</c>).</summary>
    public IReadOnlyDictionary<string, LimitConfig> Users { get; init; } = ReadOnlyDictionary<string, LimitConfig>.Empty;

    /// <summary>The bucket of users with a role, by role (<c>roles</c>); the most generous of the caller's roles applies.</summary>
    public IReadOnlyDictionary<string, LimitConfig> Roles { get; init; } = ReadOnlyDictionary<string, LimitConfig>.Empty;

    /// <summary>A tenant's shared bucket, by tenant (<c>tenants</c>).</summary>
    public IReadOnlyDictionary<string, LimitConfig> Tenants { get; init; } = ReadOnlyDictionary<string, LimitConfig>.Empty;
}
