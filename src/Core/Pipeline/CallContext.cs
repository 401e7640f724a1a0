using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;

namespace McpGateway.Core.Pipeline;

/// <summary>One call on its way through the pipeline. Steps read it and fill in what they establish.</summary>
public sealed class CallContext
{
    public required string RequestId { get; init; }

    /// <summary>Correlation id (W3C trace id when the caller sent one).</summary>
    public required string CorrelationId { get; init; }

    /// <summary>The W3C trace id the call runs under, when there is one.</summary>
    public string? TraceId { get; init; }

    /// <summary>The client as it named itself (session <c>clientInfo</c>, else <c>User-Agent</c>), for the audit log.</summary>
    public string? ClientName { get; init; }

    /// <summary>Set by the edge's authentication; the authenticate step refuses a call without one.</summary>
    public CallerIdentity? Caller { get; init; }

    /// <summary>The entry point: <c>mcp</c>, <c>sse</c>, <c>rest</c>, <c>job</c>.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The scope of the endpoint (null: unscoped, every scope).</summary>
    public string? Scope { get; init; }

    public required CallKind Kind { get; init; }

    /// <summary>The exposed name (tool, prompt) or URI (resource) the caller asked for.</summary>
    public required string Name { get; init; }

    /// <summary>The caller's request params, as sent. Treat as read-only.</summary>
    public required JsonObject Params { get; init; }

    /// <summary>
    /// The bytes of the request the call came in, as the edge read them (for a batch element: the whole batch; empty
    /// when the call did not come from a client's body, e.g. a job's run). The record step digests them when the params
    /// cannot be digested. Treat as read-only.
    /// </summary>
    public ReadOnlyMemory<byte> RequestBody { get; init; }

    /// <summary>Set by the resolve step.</summary>
    public CatalogueItem? Target { get; set; }

    /// <summary>Set by the authorize step: the rule that decided and the version of the policy it belongs to.</summary>
    public CallDecision? Decision { get; set; }

    public required DateTimeOffset StartedAt { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>The calling client as the backend can reach it during the call (null: not at all).</summary>
    public ClientLink? Client { get; init; }

    /// <summary>
    /// How the caller wants the call answered if it becomes a job (set by the edge for <c>tools/call</c>; null: never a job).
    /// </summary>
    public Jobs.JobIntent? Job { get; init; }

    /// <summary>
    /// <see cref="CallStage.JobSubmit"/> once the job plan step decided the call becomes a job; <see cref="CallStage.JobRun"/>
    /// for a worker's run of a job. Admission gates read it (see <see cref="CallStage"/>).
    /// </summary>
    public CallStage Stage { get; set; }

    /// <summary>Set by the job step when the call was stored as a job instead of dispatched.</summary>
    public Jobs.Job? AcceptedJob { get; set; }

    /// <summary>Runs just before the call leaves for the backend (a job's worker records that the backend may now have it).</summary>
    public Func<ValueTask>? BeforeDispatch { get; init; }

    /// <summary>The tool's arguments (tools/call), or the prompt's (prompts/get).</summary>
    public JsonObject? Arguments => Params["arguments"] as JsonObject;
}
