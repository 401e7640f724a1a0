namespace McpGateway.Core.Jobs;

/// <summary>
/// A job's grain (or its storage) could not be reached or did not answer in time: the request is answered 503 ("Store
/// unavailable, retry later"), like any transient store failure. A submit that timed out may still have been stored;
/// its job then appears in the caller's listing.
/// </summary>
public sealed class JobStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
