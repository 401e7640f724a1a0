using System.Collections.Concurrent;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Traffic;

/// <summary>
/// The tool guard of <c>tools/call</c>: the breaker first (an open one refuses at once, nothing is spent), then a token
/// from the tool's bucket, then a concurrency slot (waiting in the bounded queue when all are taken). The breaker
/// learns each admitted call's outcome when it ends.
/// </summary>
public sealed class ToolGuardGate(ToolsConfig tools, AdmissionDefaults defaults, IAdmissionEngine engine, TimeProvider time) : IAdmissionGate
{
    private readonly Dictionary<string, BackendConfig> _backends = tools.Backends.ToDictionary(b => b.Name, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Backend, string Tool), ToolGuard> _guards = new();

    /// <summary>The guards made so far (one per tool called).</summary>
    public IEnumerable<ToolGuard> Guards => _guards.Values;

    public async ValueTask<Admission> AdmitAsync(CallContext context)
    {
        if (context.Kind != CallKind.ToolCall || context.Target is not { } target)
        {
            return Admission.Admitted();
        }

        var guard = _guards.GetOrAdd((target.Backend, target.OriginalName), static (_, state) => state.gate.Create(state.target), (gate: this, target));
        var probe = false;
        if (guard.Breaker is { } breaker)
        {
            var passage = await breaker.TryPassAsync(context.CancellationToken);
            if (!passage.Allowed)
            {
                return Admission.Rejected(AdmissionErrors.CircuitOpen(guard.Tool, guard.Backend, passage.RetryAt, time.GetUtcNow()));
            }

            probe = passage.IsProbe;
        }

        var tokens = await guard.Bucket.TryTakeAsync(context.CancellationToken);
        if (!tokens.Admitted)
        {
            guard.Breaker?.Report(BreakerVerdict.Neutral, probe);
            return Admission.Rejected(AdmissionErrors.RateLimited("tool_rate", $"the tool '{guard.Tool}'", guard.Bucket.Limit, tokens, guard.Backend));
        }

        if (guard.Slots is { } slots)
        {
            var slot = await slots.AcquireAsync(context.CancellationToken);
            if (slot != SlotDecision.Acquired)
            {
                guard.Breaker?.Report(BreakerVerdict.Neutral, probe);
                return slot == SlotDecision.Cancelled
                    ? Admission.Rejected(new Protocol.GatewayError(Protocol.GatewayErrorKind.Cancelled, "The call was cancelled while waiting for a slot"))
                    : Admission.Rejected(AdmissionErrors.ConcurrencyLimited(guard.Tool, guard.Backend, slots.Settings, slot));
            }
        }

        return guard.Slots is null && guard.Breaker is null ? Admission.Admitted() : Admission.Admitted(new Ticket(guard, probe));
    }

    private ToolGuard Create(CatalogueItem target)
    {
        var backend = _backends.GetValueOrDefault(target.Backend);
        var settings = backend?.Tools.GetValueOrDefault(target.OriginalName) ?? ToolSettings.Default;
        var key = $"tool:{target.Backend}/{target.OriginalName}";
        var perMinute = settings.RateLimitPerMinute ?? defaults.ToolPerMinute;
        var burst = settings.Burst ?? (settings.RateLimitPerMinute is null ? defaults.ToolBurst : null);
        var bucket = engine.Budget(key, RateLimit.PerMinuteWithDefaultBurst(perMinute, burst));
        var slots = settings.MaxConcurrency is { } max
            ? engine.Slots(key, new ConcurrencySettings(
                max,
                settings.QueueLength ?? ConcurrencySettings.DefaultQueueLength,
                settings.QueueTimeoutSeconds is { } wait ? TimeSpan.FromSeconds(wait) : ConcurrencySettings.DefaultQueueTimeout))
            : null;
        var breakerSettings = settings.CircuitBreaker ?? backend?.CircuitBreaker ?? BreakerSettings.Default;
        var breaker = breakerSettings.Enabled ? engine.Breaker(key, breakerSettings) : null;
        return new ToolGuard(target.ExposedName, target.Backend, bucket, slots, breaker);
    }

    /// <summary>What an admitted call holds: its slot, and its breaker's attention (as the probe or an ordinary call).</summary>
    private sealed class Ticket(ToolGuard guard, bool probe) : IAdmissionRelease
    {
        public void Release(CallResult? result)
        {
            guard.Slots?.Release();
            guard.Breaker?.Report(BreakerVerdicts.Of(result), probe);
        }
    }
}
