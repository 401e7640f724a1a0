using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Traffic;

/// <summary>The admit step's refusals: messages safe to show, the reason and retry time as data.</summary>
public static class AdmissionErrors
{
    public static GatewayError RateLimited(string reason, string subject, RateLimit limit, BucketDecision decision, string? backend = null)
    {
        var refusal = new AdmissionRefusal(reason, decision.RetryAfter, (decision.Limit, decision.Remaining, decision.Reset));
        var data = Data(refusal);
        data["limit"] = decision.Limit;
        data["remaining"] = decision.Remaining;
        data["resetSeconds"] = Seconds(decision.Reset);
        data["perMinute"] = limit.PerMinute;
        return new GatewayError(
            GatewayErrorKind.RateLimited,
            $"Rate limit exceeded: {subject} allows {Number(limit.PerMinute)} calls per minute (bursts of {limit.Burst}); retry after {refusal.RetryAfterSeconds} s",
            backend,
            Data: data,
            Refusal: refusal);
    }

    public static GatewayError ConcurrencyLimited(string tool, string backend, ConcurrencySettings settings, SlotDecision decision)
    {
        var queueFull = decision == SlotDecision.QueueFull;
        var refusal = new AdmissionRefusal(queueFull ? "queue_full" : "queue_timeout", TimeSpan.FromSeconds(1));
        var data = Data(refusal);
        data["maxConcurrency"] = settings.MaxConcurrency;
        data["queueLength"] = settings.QueueLength;
        var message = queueFull
            ? $"Too many concurrent calls to '{tool}': {settings.MaxConcurrency} in flight and {settings.QueueLength} waiting (the queue is full); retry later"
            : $"Too many concurrent calls to '{tool}': no slot of {settings.MaxConcurrency} became free within {Number(settings.QueueTimeout.TotalSeconds)} s; retry later";
        return new GatewayError(GatewayErrorKind.ConcurrencyLimited, message, backend, Data: data, Refusal: refusal);
    }

    public static GatewayError CircuitOpen(string tool, string backend, DateTimeOffset retryAt, DateTimeOffset now)
    {
        var refusal = new AdmissionRefusal("circuit_open", retryAt > now ? retryAt - now : TimeSpan.Zero);
        var data = Data(refusal);
        data["backend"] = backend;
        data["retryAt"] = retryAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return new GatewayError(
            GatewayErrorKind.CircuitOpen,
            $"Backend '{backend}' is failing: calls to '{tool}' are refused until {data["retryAt"]} (in {refusal.RetryAfterSeconds} s), when one trial call is let through",
            backend,
            Data: data,
            Refusal: refusal);
    }

    private static JsonObject Data(AdmissionRefusal refusal) => new()
    {
        ["reason"] = refusal.Reason,
        ["retryAfterSeconds"] = refusal.RetryAfterSeconds,
    };

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(span.TotalSeconds);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
