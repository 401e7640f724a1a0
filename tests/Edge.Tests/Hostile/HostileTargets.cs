namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// What the generator aims at on one gateway: its callers' bearer tokens (an admin, a developer, a token with no role),
/// the development issuer's guard token, sessions opened beforehand (2025-03-26 for batches, 2025-11-25), a legacy SSE
/// session's message path, and the served tool names and scopes.
/// </summary>
public sealed record HostileTargets(
    string AdminToken,
    string DeveloperToken,
    string RolelessToken,
    string IssuerToken,
    string Session0326,
    string Session1125,
    string LegacyMessagesPath,
    IReadOnlyList<string> Tools,
    IReadOnlyList<string> Scopes);
