namespace McpGateway.Core.Traffic;

/// <summary>What a token bucket answered, with what the <c>RateLimit-*</c> headers report.</summary>
/// <param name="Admitted">Whether a token was taken.</param>
/// <param name="Limit">The bucket's capacity (its burst).</param>
/// <param name="Remaining">Whole tokens left after this call.</param>
/// <param name="Reset">Time until the bucket is full again.</param>
/// <param name="RetryAfter">When refused: time until a token is available; zero when admitted.</param>
public readonly record struct BucketDecision(bool Admitted, int Limit, int Remaining, TimeSpan Reset, TimeSpan RetryAfter);
