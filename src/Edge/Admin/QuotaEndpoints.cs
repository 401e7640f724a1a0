using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Edge.Http;
using McpGateway.Edge.Mcp;
using McpGateway.Edge.Traffic;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>GET /admin/quotas?limit=N</c>: the users (and tenants) closest to their quota on this node: their calls in the last
/// minute (<see cref="RecentUserCalls"/>) as a share of their per-minute quota, most first, with the tokens of their
/// bucket this node holds (on the <c>orleans</c> engine its leased share). <c>limit</c> 1–100, default 10.
/// </summary>
internal static class QuotaEndpoints
{
    public const int MaxLimit = 100;

    public static void MapQuotaEndpoints(this RouteGroupBuilder admin) =>
        admin.MapGet("/quotas", async (HttpContext http, TrafficReport traffic, RecentUserCalls recent) =>
        {
            var limit = 10;
            if (http.Request.Query["limit"].ToString() is { Length: > 0 } text
                && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            {
                await AdminErrors.WriteAsync(http, StatusCodes.Status400BadRequest, $"'limit' must be a whole number from 1 to {MaxLimit}");
                return;
            }

            var closest = traffic.Quotas()
                .Select(b => Describe(b, recent))
                .Select(o => (Json: o, Used: o["used"]!.GetValue<double>()))
                .OrderByDescending(q => q.Used)
                .ThenBy(q => q.Json["key"]!.GetValue<string>(), StringComparer.Ordinal)
                .Take(limit);
            await JsonRpcWriter.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
            {
                ["quotas"] = new JsonArray([.. closest.Select(q => (JsonNode)q.Json)]),
            });
        });

    /// <summary>A bucket's key is <c>user:{tenant}/{user}</c> or <c>tenant:{tenant}</c>.</summary>
    private static JsonObject Describe(TrafficReport.BucketStatus bucket, RecentUserCalls recent)
    {
        var o = new JsonObject { ["key"] = bucket.Key };
        double calls = 0;
        if (bucket.Key.StartsWith("user:", StringComparison.Ordinal) && bucket.Key.IndexOf('/', 5) is var slash and > 0)
        {
            var tenant = slash > 5 ? bucket.Key[5..slash] : null;
            var user = bucket.Key[(slash + 1)..];
            o["kind"] = "user";
            o["tenant"] = tenant;
            o["user"] = user;
            calls = recent.LastMinute(tenant, user);
        }
        else if (bucket.Key.StartsWith("tenant:", StringComparison.Ordinal))
        {
            o["kind"] = "tenant";
            o["tenant"] = bucket.Key[7..];
            calls = recent.TenantLastMinute(bucket.Key[7..]);
        }

        var used = bucket.PerMinute <= 0 ? 1 : Math.Clamp(calls / bucket.PerMinute, 0, 1);
        o["callsLastMinute"] = Math.Round(calls, 1);
        o["perMinute"] = bucket.PerMinute;
        o["burst"] = bucket.Burst;
        o["tokens"] = Math.Round(bucket.Tokens, 3);
        o["used"] = Math.Round(used, 4);
        return o;
    }
}
