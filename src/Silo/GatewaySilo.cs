using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Orleans.Dashboard;
using McpGateway.Grains.Jobs;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace McpGateway.Silo;

/// <summary>
/// The silo every gateway node co-hosts: clustering, grain storage and reminders on the node's engine
/// (<see cref="SiloStore"/>), endpoints, the membership probes and the Orleans Dashboard's services. The node's
/// edge talks to it in process, so the silo opens no client gateway port.
/// </summary>
public static class GatewaySilo
{
    /// <summary>The grain storage provider the grains persist through (<c>[PersistentState(..., GrainStorage)]</c>).</summary>
    public const string GrainStorage = "grains";

    /// <summary>Orleans' ADO.NET invariant of PostgreSQL (Npgsql).</summary>
    internal const string PostgresInvariant = "Npgsql";

    /// <summary>Orleans' ADO.NET invariant of SQLite, served by Microsoft.Data.Sqlite.</summary>
    internal const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>
    /// Configures <paramref name="silo"/> as the gateway node <paramref name="nodeId"/> (its silo name); job grains are
    /// placed on it only when it <paramref name="runsJobs"/> (its silo metadata says so to the other silos).
    /// </summary>
    public static ISiloBuilder UseGatewaySilo(this ISiloBuilder silo, SiloSettings settings, SiloStore store, string nodeId, bool runsJobs = true)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);

        silo.Configure<SiloOptions>(o => o.SiloName = nodeId);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        ConfigureProbes(silo, settings.Probes);
        silo.UseSiloMetadata(new Dictionary<string, string> { [JobPlacementStrategy.MetadataKey] = runsJobs ? "run" : "none" });
        // Reminders keep Orleans' minimum period (a minute): a job grain checks more often with a grain timer while it
        // is active, and its reminder, the durable backstop after the loss of its silo, comes at most once a minute.
        var serializer = new JsonGrainStateSerializer();
        switch (store)
        {
            case SiloStore.Embedded embedded:
                // Orleans cannot bind port 0 and learn the port: EndpointOptions.SiloPort refuses 0, and even a one-silo
                // cluster binds its silo listener at the address it advertises. So a free port is picked now; the node's
                // start (GatewayStart) picks it itself and retries on another when it was taken before the silo bound it.
                var port = settings.SiloPort ?? LoopbackPort.Free();
                silo.UseLocalhostClustering(port, gatewayPort: 0, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                silo.AddAdoNetGrainStorage(GrainStorage, o =>
                {
                    o.Invariant = SqliteInvariant;
                    o.ConnectionString = $"Data Source={embedded.DatabaseFile};Pooling=True;Default Timeout=30";
                    o.GrainStorageSerializer = serializer;

                    // As on PostgreSQL: a cleared state leaves no row behind (the query is migration 014 of sql/sqlite).
                    o.DeleteStateOnClear = true;
                });

                // Orleans has no SQLite reminder table; the one-silo engine keeps reminders in memory (jobs are handed
                // back to their grains at the next start from the jobs read model).
                silo.UseInMemoryReminderService();
                break;
            case SiloStore.Postgres postgres:
                var siloPort = settings.SiloPort ?? SiloSettings.DefaultClusterPort;
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = AdvertisedAddress(settings.AdvertisedAddress);
                    o.SiloPort = siloPort;
                    o.GatewayPort = 0;
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, siloPort);
                });
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = postgres.ConnectionString;
                });
                silo.AddAdoNetGrainStorage(GrainStorage, o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = postgres.ConnectionString;
                    o.GrainStorageSerializer = serializer;

                    // A cleared state (an ended session, say) leaves no row behind: one grain per session would grow the table forever.
                    o.DeleteStateOnClear = true;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = postgres.ConnectionString;
                });
                break;
        }

        // The dashboard's grain-call profiler runs only while someone looks at the dashboard (TraceAlways off), and
        // its live log stream is off: the operators' logs are the node's JSON log.
        silo.AddDashboard(o => o.HideTrace = true);
        silo.Configure<GrainProfilerOptions>(o => o.TraceAlways = false);
        return silo;
    }

    private static void ConfigureProbes(ISiloBuilder silo, MembershipProbes probes) =>
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = probes.ProbeTimeout;
            o.NumMissedProbesLimit = probes.MissedProbes;
            o.NumVotesForDeathDeclaration = probes.DeathVotes;
            o.IAmAliveTablePublishTimeout = probes.IAmAlivePeriod;
            o.TableRefreshTimeout = probes.TableRefresh;
            o.DefunctSiloExpiration = probes.DefunctExpiration;
            o.DefunctSiloCleanupPeriod = probes.DefunctExpiration < TimeSpan.FromHours(1) ? probes.DefunctExpiration : TimeSpan.FromHours(1);
        });

    /// <summary>The configured address (a host name resolved now, IPv4 first), else this host's first IPv4 address.</summary>
    internal static IPAddress AdvertisedAddress(string? configured)
    {
        if (configured is not null && IPAddress.TryParse(configured, out var ip))
        {
            return ip;
        }

        var host = configured ?? Dns.GetHostName();
        var addresses = Dns.GetHostAddresses(host);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && (configured is not null || !IPAddress.IsLoopback(a)))
            ?? addresses.FirstOrDefault(a => configured is not null || !IPAddress.IsLoopback(a))
            ?? (configured is null ? IPAddress.Loopback : throw new InvalidOperationException($"GATEWAY_SILO_ADVERTISED_ADDRESS: host name '{configured}' resolves to no address"));
    }
}
