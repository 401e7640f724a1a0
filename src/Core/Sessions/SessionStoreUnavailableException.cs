namespace McpGateway.Core.Sessions;

/// <summary>
/// A session's record could not be read or written (its grain, or the grain storage behind it, out of reach): a
/// transient outage of the cluster's state, answered like a store outage (503, retry later), never as "session not found".
/// </summary>
public sealed class SessionStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
