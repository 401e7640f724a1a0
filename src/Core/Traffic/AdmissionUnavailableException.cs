namespace McpGateway.Core.Traffic;

/// <summary>
/// The authority of a limit (a traffic grain) could not be reached when a call needed it (no lease left to spend): a
/// transient outage of the cluster's state, answered like a store outage (503, retry later), never as a refusal.
/// </summary>
public sealed class AdmissionUnavailableException(string message, Exception inner) : Exception(message, inner);
