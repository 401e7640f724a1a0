namespace McpGateway.Core.Catalogue;

public enum BackendState
{
    /// <summary>Not discovered yet.</summary>
    Unknown,
    Healthy,
    /// <summary>Down, slow or broken at the last discovery: left out of the catalogue.</summary>
    Unavailable,
    /// <summary>Configured inactive.</summary>
    Disabled,
}

/// <summary>The discovery state of one backend, for health and logs.</summary>
public sealed record BackendHealth(
    string Backend,
    BackendState State,
    string? LastError,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt);
