namespace McpGateway.Edge.Identity.Jwt;

/// <summary>The keys a token may be verified with.</summary>
internal interface IJwtKeyProvider
{
    /// <summary>The current keys; an unknown <paramref name="kid"/> may trigger one throttled refresh.</summary>
    ValueTask<IReadOnlyList<JwtKey>> GetKeysAsync(string? kid, CancellationToken cancellationToken);
}
