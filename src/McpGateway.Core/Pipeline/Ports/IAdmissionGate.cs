using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Protects backends: quotas, rate limits, concurrency caps, circuit breakers.</summary>
public interface IAdmissionGate
{
    /// <summary>Admits the call (returning what to release when it ends, if anything) or refuses it.</summary>
    ValueTask<Admission> AdmitAsync(CallContext context);
}

/// <summary>The answer of an <see cref="IAdmissionGate"/>.</summary>
public readonly record struct Admission(GatewayError? Rejection, IDisposable? Release)
{
    public static Admission Admitted(IDisposable? release = null) => new(null, release);

    public static Admission Rejected(GatewayError error) => new(error, null);
}
