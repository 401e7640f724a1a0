namespace McpGateway.Core.Identity;

/// <summary>Who is calling, as established by authentication.</summary>
/// <param name="UserId">Stable user id; never a token.</param>
/// <param name="Roles">Roles granted to the caller.</param>
/// <param name="Tenant">Tenant or workspace, when the caller has one.</param>
/// <param name="Scopes">OAuth scopes from the token.</param>
/// <param name="IsAnonymous">True in the loopback test mode (<c>GATEWAY_AUTH_MODE=none</c>).</param>
public sealed record CallerIdentity(
    string UserId,
    IReadOnlyList<string> Roles,
    string? Tenant,
    IReadOnlyList<string> Scopes,
    bool IsAnonymous)
{
    public static CallerIdentity Anonymous(IReadOnlyList<string> roles) => new("anonymous", roles, null, [], IsAnonymous: true);
}
