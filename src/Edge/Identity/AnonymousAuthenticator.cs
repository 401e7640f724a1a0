using McpGateway.Core.Identity;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Identity;

/// <summary>
/// Auth mode <c>none</c>: every caller is the anonymous user with <c>GATEWAY_ANONYMOUS_ROLES</c>. For local testing
/// only; the node refuses to start in this mode unless it listens on loopback addresses alone.
/// </summary>
internal sealed class AnonymousAuthenticator(GatewayOptions options) : ICallerAuthenticator
{
    private readonly CallerIdentity _anonymous = CallerIdentity.Anonymous(options.AnonymousRoles);

    public ValueTask<CallerIdentity?> AuthenticateAsync(HttpContext context) => ValueTask.FromResult<CallerIdentity?>(_anonymous);
}
