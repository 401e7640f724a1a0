using McpGateway.Core.Identity;

namespace McpGateway.Edge.Identity;

/// <summary>Establishes who is calling from an HTTP request; null when the request is not authenticated.</summary>
public interface ICallerAuthenticator
{
    ValueTask<CallerIdentity?> AuthenticateAsync(HttpContext context);
}
