using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Core.Traffic;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Mcp;

/// <summary>
/// The bounds a session is opened within: the size of the client data stored with it, the rate at which one user
/// opens sessions (a token bucket of the admission engine, shared by the nodes of a cluster engine) and the number of
/// sessions one user may hold (counted by the session store).
/// </summary>
internal sealed class SessionLimits(GatewayOptions options, IAdmissionEngine engine)
{
    /// <summary>How long a caller refused for holding too many sessions is told to wait.</summary>
    public static readonly TimeSpan SessionLimitRetryAfter = TimeSpan.FromSeconds(60);

    private readonly RateLimit _initializeRate = RateLimit.PerMinuteWithDefaultBurst(options.Clients.InitializePerMinute);

    public int MaxSessionsPerUser => options.Clients.MaxSessionsPerUser;

    /// <summary>Null when <c>clientInfo</c> and <c>capabilities</c> together fit the limit, else the invalid-params error.</summary>
    public GatewayError? CheckClientData(JsonObject? clientInfo, JsonObject? capabilities)
    {
        var limit = options.Clients.MaxClientInfoBytes;
        var size = JsonDigest.Size(clientInfo) + JsonDigest.Size(capabilities);

        return size <= limit ? null : GatewayError.InvalidParams(
            $"Invalid params: 'clientInfo' and 'capabilities' take {size} bytes together; at most {limit} are stored with a session");
    }

    /// <summary>Takes one token from the caller's <c>initialize</c> bucket: null when admitted, else the rate-limit error.</summary>
    public async ValueTask<GatewayError?> TakeInitializeAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        var budget = engine.Budget($"initialize:{caller.Tenant}/{caller.UserId}", _initializeRate);
        var decision = await budget.TryTakeAsync(cancellationToken);
        return decision.Admitted ? null
            : AdmissionErrors.RateLimited("initialize_rate", $"opening sessions for user '{caller.UserId}'", _initializeRate, decision);
    }

    /// <summary>The refusal of a session over <see cref="MaxSessionsPerUser"/>.</summary>
    public GatewayError TooManySessions(CallerIdentity caller)
    {
        var refusal = new AdmissionRefusal("session_limit", SessionLimitRetryAfter);
        return new GatewayError(
            GatewayErrorKind.RateLimited,
            $"Too many sessions: user '{caller.UserId}' already has {MaxSessionsPerUser} open; end one (DELETE /mcp, or close its SSE stream) or wait until an idle one is evicted",
            Data: new JsonObject
            {
                ["reason"] = refusal.Reason,
                ["retryAfterSeconds"] = refusal.RetryAfterSeconds,
                ["maxSessions"] = MaxSessionsPerUser,
            },
            Refusal: refusal);
    }
}
