using McpGateway.Core.Protocol;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>Protects backends: quotas, rate limits, concurrency caps, circuit breakers.</summary>
public interface IAdmissionGate
{
    /// <summary>Admits the call (returning what to release when it ends, if anything) or refuses it.</summary>
    ValueTask<Admission> AdmitAsync(CallContext context);
}

/// <summary>What an admitted call holds (a concurrency slot, a breaker probe) until it ends.</summary>
public interface IAdmissionRelease
{
    /// <summary>Called once when the call ends, with its result (null when it ended by an exception).</summary>
    void Release(CallResult? result);
}

/// <summary>The answer of an <see cref="IAdmissionGate"/>.</summary>
public readonly record struct Admission(GatewayError? Rejection, IAdmissionRelease? Release)
{
    public static Admission Admitted(IAdmissionRelease? release = null) => new(null, release);

    public static Admission Rejected(GatewayError error) => new(error, null);
}
