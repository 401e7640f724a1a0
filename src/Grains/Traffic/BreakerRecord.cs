using McpGateway.Core.Traffic;

namespace McpGateway.Grains.Traffic;

/// <summary>The persisted state of a tool guard: its breaker (Core's <see cref="SharedBreaker"/>) with the probe ticket.</summary>
[GenerateSerializer]
public sealed class BreakerRecord
{
    [Id(0)]
    public bool IsOpen { get; set; }

    [Id(1)]
    public DateTimeOffset OpenUntil { get; set; }

    [Id(2)]
    public string? ProbeHolder { get; set; }

    [Id(3)]
    public DateTimeOffset ProbeExpires { get; set; }

    [Id(4)]
    public long Version { get; set; }

    public SharedBreaker ToBreaker() => new(IsOpen, OpenUntil, ProbeHolder, ProbeExpires, Version);

    public static BreakerRecord Of(SharedBreaker breaker) => new()
    {
        IsOpen = breaker.IsOpen,
        OpenUntil = breaker.OpenUntil,
        ProbeHolder = breaker.ProbeHolder,
        ProbeExpires = breaker.ProbeExpires,
        Version = breaker.Version,
    };
}
