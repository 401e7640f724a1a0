using System.Collections.Concurrent;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Traffic;

/// <summary>
/// The tool guard of <c>tools/call</c>: the breaker first (an open one refuses at once, nothing is spent), then a token
/// from the tool's bucket, then a concurrency slot (waiting in the bounded queue when all are taken). The breaker
/// learns each admitted call's outcome when it ends. The limits come from the <c>tools.yaml</c> in force: after a
/// reload that changed a tool's limits, its next call gets entities with the new ones (calls admitted before finish
/// on the old ones). A job is guarded in two parts (<see cref="CallStage"/>): its token is taken when it is submitted;
/// the breaker and the slot when a worker runs it (the run's outcome is what the breaker learns).
/// </summary>
public sealed class ToolGuardGate(ToolsConfigSource tools, AdmissionDefaults defaults, IAdmissionEngine engine, TimeProvider time) : IAdmissionGate
{
    private readonly ConcurrentDictionary<(string Backend, string Tool), Entry> _guards = new();

    /// <summary>The guards made so far (one per tool called).</summary>
    public IEnumerable<ToolGuard> Guards => _guards.Values.Select(e => e.Guard);

    public async ValueTask<Admission> AdmitAsync(CallContext context)
    {
        if (context.Kind != CallKind.ToolCall || context.Target is not { } target)
        {
            return Admission.Admitted();
        }

        var guard = Guard(target);
        if (context.Stage == CallStage.JobSubmit)
        {
            var submitted = await guard.Bucket.TryTakeAsync(context.CancellationToken);
            return submitted.Admitted
                ? Admission.Admitted()
                : Admission.Rejected(AdmissionErrors.RateLimited("tool_rate", $"the tool '{guard.Tool}'", guard.Bucket.Limit, submitted, guard.Backend));
        }

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

        if (context.Stage != CallStage.JobRun)
        {
            var tokens = await guard.Bucket.TryTakeAsync(context.CancellationToken);
            if (!tokens.Admitted)
            {
                guard.Breaker?.Report(BreakerVerdict.Neutral, probe);
                return Admission.Rejected(AdmissionErrors.RateLimited("tool_rate", $"the tool '{guard.Tool}'", guard.Bucket.Limit, tokens, guard.Backend));
            }
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

    /// <summary>The tool's guard, made again when the configuration in force changed its limits.</summary>
    private ToolGuard Guard(CatalogueItem target)
    {
        var config = tools.Current;
        var key = (target.Backend, target.OriginalName);
        if (_guards.TryGetValue(key, out var entry) && ReferenceEquals(entry.Config, config))
        {
            return entry.Guard;
        }

        var limits = ToolLimits.Of(config, defaults, target.Backend, target.OriginalName);
        var guard = entry is not null && entry.Limits == limits ? entry.Guard : Create(target, limits);
        _guards[key] = new Entry(config, limits, guard);
        return guard;
    }

    private ToolGuard Create(CatalogueItem target, ToolLimits limits)
    {
        var key = $"tool:{target.Backend}/{target.OriginalName}";
        var bucket = engine.Budget(key, limits.Rate);
        var slots = limits.Concurrency is { } concurrency ? engine.Slots(key, concurrency) : null;
        var breaker = limits.Breaker.Enabled ? engine.Breaker(key, limits.Breaker) : null;
        return new ToolGuard(target.ExposedName, target.Backend, bucket, slots, breaker);
    }

    /// <summary>A tool's guard and the configuration (and limits from it) it was made or last checked for.</summary>
    private sealed record Entry(ToolsConfig Config, ToolLimits Limits, ToolGuard Guard);

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
