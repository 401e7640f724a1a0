namespace McpGateway.Core.Catalogue;

public enum BackendState
{
    /// <summary>Not discovered yet.</summary>
    Unknown,
    Healthy,
    /// <summary>
    /// Down, slow or broken at the last discovery: left out of the catalogue, unless it is still connected and its
    /// discovery has not failed too often in a row yet (its last good entries are kept meanwhile).
    /// </summary>
    Unavailable,
    /// <summary>Configured inactive.</summary>
    Disabled,
}

/// <summary>The discovery state of one backend, for health and logs.</summary>
/// <param name="LastDuration">How long the last successful discovery took (connection, if new, and the listings).</param>
public sealed record BackendHealth(
    string Backend,
    BackendState State,
    string? LastError,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    TimeSpan? LastDuration = null);
