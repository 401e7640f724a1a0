using System.Text.Json.Nodes;
using McpGateway.Edge.Cluster;
using McpGateway.Edge.Hosting;
using McpGateway.Grains.Cluster;
using Orleans.Runtime;

namespace McpGateway.Edge.Admin;

/// <summary>
/// <c>GET /admin/cluster</c>: the nodes of the cluster from Orleans membership (<see cref="IManagementGrain"/>; the one
/// silo on the embedded engine), the latest life of each node id, with what each live node reports about itself
/// (<see cref="INodeReportGrain"/>: HTTP address, version, roles, load, config version).
/// </summary>
internal static class ClusterEndpoints
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(2);

    public static void MapClusterEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/cluster", async (IGrainFactory grains, LocalNode self, GatewayOptions options) =>
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
            var latest = hosts
                .GroupBy(h => h.SiloName, StringComparer.Ordinal)
                .Select(g => g.OrderByDescending(h => h.SiloAddress.Generation).First())
                .ToList();
            var reports = await Task.WhenAll(latest.Select(h => ReportAsync(grains, h)));

            var nodes = latest.Zip(reports)
                .Select(pair => Describe(pair.First, pair.Second, self))
                .OrderBy(n => n["status"]!.GetValue<string>() != "alive")
                .ThenBy(n => n["id"]!.GetValue<string>(), StringComparer.Ordinal);
            var probes = options.Silo.Probes;
            return Results.Json(new JsonObject
            {
                ["node"] = self.Id,
                ["clusterId"] = options.Silo.ClusterId,
                ["probeTimeoutSeconds"] = probes.ProbeTimeout.TotalSeconds,
                ["missedProbes"] = probes.MissedProbes,
                ["deathVotes"] = probes.DeathVotes,
                ["nodes"] = new JsonArray([.. nodes]),
            });
        });
    }

    /// <summary>A live node's last report; none for a dead one (its report died with it) or one that does not answer.</summary>
    private static async Task<NodeReport?> ReportAsync(IGrainFactory grains, MembershipEntry host)
    {
        if (host.Status is SiloStatus.Dead or SiloStatus.None)
        {
            return null;
        }

        try
        {
            return await grains.GetGrain<INodeReportGrain>(host.SiloName).GetAsync().WaitAsync(ReportTimeout);
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return null;
        }
    }

    private static JsonObject Describe(MembershipEntry host, NodeReport? report, LocalNode self) => new()
    {
        ["id"] = host.SiloName,
        ["address"] = report?.Address ?? "",
        ["silo"] = host.SiloAddress.ToParsableString(),
        ["version"] = report?.Version ?? "",
        ["roles"] = new JsonArray([.. (report?.Roles ?? []).Select(r => JsonValue.Create(r))]),
        ["status"] = Status(host, report),
        ["startedAt"] = new DateTimeOffset(DateTime.SpecifyKind(host.StartTime, DateTimeKind.Utc)).ToString("O"),
        ["heartbeatAt"] = new DateTimeOffset(DateTime.SpecifyKind(host.IAmAliveTime, DateTimeKind.Utc)).ToString("O"),
        ["inFlight"] = report?.InFlight ?? 0,
        ["openStreams"] = report?.OpenStreams ?? 0,
        ["configVersion"] = report?.ConfigVersion ?? "",
        ["self"] = host.SiloName == self.Id,
    };

    /// <summary>
    /// <c>alive</c>, <c>joining</c>, <c>leaving</c> (stopping, or draining after SIGTERM), <c>left</c> (it declared
    /// itself dead: a clean stop, or its next start replaced it) or <c>dead</c> (other silos voted it dead).
    /// </summary>
    private static string Status(MembershipEntry host, NodeReport? report) => host.Status switch
    {
        SiloStatus.Active => report?.Draining == true ? "leaving" : "alive",
        SiloStatus.Created or SiloStatus.Joining => "joining",
        SiloStatus.ShuttingDown or SiloStatus.Stopping => "leaving",
        // A silo that stops cleanly names itself as the one that declared it dead; a killed one was voted out by peers.
        SiloStatus.Dead => host.SuspectTimes?.Any(s => !s.Item1.Equals(host.SiloAddress)) == true ? "dead" : "left",
        _ => host.Status.ToString().ToLowerInvariant(),
    };
}
