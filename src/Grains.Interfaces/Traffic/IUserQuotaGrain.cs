namespace McpGateway.Grains.Traffic;

/// <summary>
/// A quota bucket's authority, one activation cluster-wide per key: <c>user:&lt;tenant&gt;/&lt;user&gt;</c> (a user's own
/// bucket), <c>tenant:&lt;name&gt;</c> (a tenant's shared bucket) or <c>initialize:&lt;tenant&gt;/&lt;user&gt;</c> (opening sessions).
/// </summary>
public interface IUserQuotaGrain : ITokenAuthority;
