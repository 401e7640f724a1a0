namespace McpGateway.Edge.Mcp;

/// <summary>
/// Bounds of a JSON-RPC batch (2025-03-26 sessions): how many messages it may hold, how many of them run at once, and
/// how many bytes of answers it may produce (<c>GATEWAY_MAX_BATCH_*</c>, <c>GATEWAY_BATCH_CONCURRENCY</c>).
/// </summary>
public sealed record BatchLimits
{
    /// <summary>Most messages in one batch (<c>GATEWAY_MAX_BATCH_LENGTH</c>); a longer batch is refused before any runs.</summary>
    public int MaxLength { get; init; } = 32;

    /// <summary>Most messages of one batch being served at once (<c>GATEWAY_BATCH_CONCURRENCY</c>).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// Most bytes of answers one batch produces (<c>GATEWAY_MAX_BATCH_RESPONSE_BYTES</c>); answers beyond it are replaced
    /// by a short error, and the requests not started yet are not run.
    /// </summary>
    public long MaxResponseBytes { get; init; } = 10 * 1024 * 1024;

    /// <param name="number">Reads one variable as a number within bounds (collecting an error otherwise).</param>
    public static BatchLimits Read(Func<string, double, double, double, double> number)
    {
        var d = new BatchLimits();
        return new BatchLimits
        {
            MaxLength = (int)number("GATEWAY_MAX_BATCH_LENGTH", d.MaxLength, 1, 10_000),
            Concurrency = (int)number("GATEWAY_BATCH_CONCURRENCY", d.Concurrency, 1, 64),
            MaxResponseBytes = (long)number("GATEWAY_MAX_BATCH_RESPONSE_BYTES", d.MaxResponseBytes, 1024, 1L << 31),
        };
    }
}
