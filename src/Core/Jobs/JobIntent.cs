namespace McpGateway.Core.Jobs;

/// <summary>
/// What the edge knows about a <c>tools/call</c> that may become a job: whether the caller asked for one
/// (<see cref="Requested"/>: a task-augmented call, <c>"async": true</c>), how answers about it are shaped, and where
/// status changes can be pushed. A call of a <c>long_running</c> tool becomes a job even when not requested.
/// </summary>
public sealed record JobIntent(JobOrigin Origin, bool Requested, TimeSpan? Ttl = null, string? SessionId = null);
