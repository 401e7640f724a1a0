using System.Text.Json.Nodes;

namespace McpGateway.Core.Protocol;

/// <summary>
/// A rejection or failure with a message that is safe to send to the caller: it never carries
/// exception text, stack traces or backend internals beyond what the backend itself answered.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">A message for the caller.</param>
/// <param name="Backend">The backend concerned, when there is one.</param>
/// <param name="Code">A JSON-RPC code chosen by a backend whose error is relayed unchanged; null to use the kind's code.</param>
/// <param name="Data">Optional structured data for the JSON-RPC error.</param>
/// <param name="Refusal">Why the admit step refused the call, and when to retry (rate limits, concurrency caps, breakers).</param>
public sealed record GatewayError(
    GatewayErrorKind Kind,
    string Message,
    string? Backend = null,
    int? Code = null,
    JsonNode? Data = null,
    AdmissionRefusal? Refusal = null)
{
    /// <summary>
    /// True when the request certainly never reached the backend (no connection could be made): a job may then be run
    /// again even for a tool that is not idempotent. Never sent to callers.
    /// </summary>
    public bool Undelivered { get; init; }

    public static GatewayError UnknownTool(string name, string? scope) => new(
        GatewayErrorKind.UnknownTool,
        scope is null ? $"Unknown tool: '{name}'" : $"Unknown tool: '{name}' is not available on scope '{scope}'");

    public static GatewayError OutOfScope(string kind, string name, string scope) => new(
        GatewayErrorKind.OutOfScope,
        $"The {kind} '{name}' is outside scope '{scope}'; use the unscoped endpoint or the scope that serves it");

    public static GatewayError InvalidParams(string message) => new(GatewayErrorKind.InvalidParams, message);
}
