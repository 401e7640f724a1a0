using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Jobs;

/// <summary>
/// How one attempt of a job ended, as its runner reports it to the job's grain: the result or the error, whether the
/// call had been dispatched to the backend, and whether the node was stopping (the call was cut short).
/// </summary>
public sealed record JobAttemptOutcome(JsonNode? Result, GatewayError? Error, bool Dispatched, bool Stopping);
