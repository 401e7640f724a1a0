using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline;

/// <summary>
/// Sends a request to the calling client on behalf of a backend (sampling, elicitation, roots) and returns the
/// client's result; a JSON-RPC error from the client comes back as a <see cref="Protocol.GatewayException"/> of kind
/// <see cref="Protocol.GatewayErrorKind.BackendError"/> carrying the client's code.
/// </summary>
public delegate ValueTask<JsonNode> ClientRequester(string method, JsonObject parameters, CancellationToken cancellationToken);

/// <summary>
/// The calling client as a backend can reach it while serving a call: where notifications about the call go, how to
/// ask the client something, what the client declared it can do, and which of its sessions the call belongs to.
/// </summary>
public sealed class ClientLink
{
    /// <summary>Notifications about the call (progress, log messages); null: the caller cannot receive any.</summary>
    public CallNotifier? Notify { get; init; }

    /// <summary>Server-to-client requests; null: the client cannot be asked (REST, or a revision that forbids it).</summary>
    public ClientRequester? Ask { get; init; }

    /// <summary>The capabilities the client declared (initialize, or the request's <c>_meta</c> under 2026-07-28).</summary>
    public JsonObject? Capabilities { get; init; }

    /// <summary>
    /// The least severe log message the client wants about this call (<see cref="Protocol.McpLogLevels"/>), as it stood
    /// when the call started; null: none (a 2026-07-28 request without <c>_meta/io.modelcontextprotocol/logLevel</c>).
    /// <see cref="Notify"/> applies the client's current level itself; this tells a backend what to send.
    /// </summary>
    public string? LogLevel { get; init; }

    /// <summary>The client's user (a backend session held for the client's next request is bound to it).</summary>
    public string? UserId { get; init; }

    /// <summary>The client's session with the gateway (null: no session).</summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// The client speaks 2026-07-28: a backend's <c>input_required</c> result goes back to it unchanged and its retry
    /// (with <c>inputResponses</c>, <c>requestState</c>) comes through as a new call.
    /// </summary>
    public bool TakesInputRequired { get; init; }

    /// <summary>
    /// Why the client cannot be asked anything, when that is not just a missing capability (a job's caller is not
    /// there): said in the error the backend gets for a request to the client, and in the call's error when the
    /// backend needs input (<c>input_required</c>) it cannot get.
    /// </summary>
    public string? CannotAsk { get; init; }

    /// <summary>A link that only carries notifications.</summary>
    public static ClientLink? ForNotifications(CallNotifier? notify) => notify is null ? null : new ClientLink { Notify = notify };
}
