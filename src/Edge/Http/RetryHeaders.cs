using System.Globalization;
using McpGateway.Core.Protocol;

namespace McpGateway.Edge.Http;

/// <summary>
/// The headers of an admission refusal: <c>Retry-After</c> (seconds), and for a token bucket's refusal
/// <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> (seconds until the bucket is full).
/// </summary>
internal static class RetryHeaders
{
    public static void Apply(HttpResponse response, GatewayError error)
    {
        if (error.Refusal is not { } refusal || response.HasStarted)
        {
            return;
        }

        response.Headers.RetryAfter = Text(refusal.RetryAfterSeconds);
        if (refusal.Bucket is { } bucket)
        {
            response.Headers["RateLimit-Limit"] = Text(bucket.Limit);
            response.Headers["RateLimit-Remaining"] = Text(bucket.Remaining);
            response.Headers["RateLimit-Reset"] = Text((int)Math.Ceiling(bucket.Reset.TotalSeconds));
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
