using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Grains.Jobs;
using McpGateway.Silo;
using McpGateway.Storage.Postgres;
using McpGateway.Tests.Common.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

using McpGateway.Tests.Common;

namespace McpGateway.Grains.Tests.Jobs;

/// <summary>
/// Job grains on real silos (in process) over a private PostgreSQL database, as the cluster engine runs them: reminders
/// in Orleans' ADO.NET table, the jobs' state (and read model) in the gateway's <c>jobs</c> table, through a
/// <see cref="ProbedJobStore"/> on each silo (<see cref="Store"/>). Each silo
/// runs jobs through a pipeline of resolve and dispatch to <see cref="HeldBackend"/>, as node <c>node-&lt;port&gt;</c>.
/// Membership probes are quick, so a killed silo is declared dead within seconds.
/// </summary>
internal sealed class JobCluster : IAsyncDisposable
{
    public static readonly JobSettings Settings = new()
    {
        CheckInterval = TimeSpan.FromSeconds(1),
        BackoffBase = TimeSpan.FromMilliseconds(100),
        MaxAttempts = 3,
    };

    private JobCluster(InProcessTestCluster cluster, HeldBackend backend, IJobStore readModel, string connectionString)
    {
        Cluster = cluster;
        Backend = backend;
        ReadModel = readModel;
        ConnectionString = connectionString;
    }

    public InProcessTestCluster Cluster { get; }

    public HeldBackend Backend { get; }

    public IJobStore ReadModel { get; }

    /// <summary>The private database (Orleans' reminder table and the gateway's tables).</summary>
    public string ConnectionString { get; }

    public static async Task<JobCluster> StartAsync(short silos)
    {
        var database = await SharedPostgres.CreateDatabaseAsync("grainjobs");
        var migrated = new ServiceCollection().AddPostgresStorage(database.ConnectionString).BuildServiceProvider();
        var readModel = migrated.GetRequiredService<IJobStore>();
        var backend = new HeldBackend();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = database.ConnectionString;
            });
            // Unlike a gateway's silo (Orleans' minimum, a minute), reminders here may come every second: the recovery by
            // reminder after a silo's loss is tested in seconds (Orleans warns at start that this is not for production).
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.UseSiloMetadata(new Dictionary<string, string> { [JobPlacementStrategy.MetadataKey] = "run" });
            silo.Services.AddPostgresStorage(database.ConnectionString, migrate: false);
            var jobStore = silo.Services.Last(d => d.ServiceType == typeof(IJobStore));
            silo.Services.Remove(jobStore);
            silo.Services.AddSingleton(sp => new ProbedJobStore((IJobStore)jobStore.ImplementationFactory!(sp)));
            silo.Services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<ProbedJobStore>());
            silo.Services.AddSingleton(Settings);
            silo.Services.AddSingleton(new JobExecutionPipeline(Pipeline(backend)));
            silo.Services.AddJobGrains(sp => new JobRunnerOptions("node-" + sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint.Port, 4, TimeSpan.FromSeconds(2)));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new JobCluster(cluster, backend, readModel, database.ConnectionString);
    }

    /// <summary>The job client of silo <paramref name="silo"/>: a job submitted there is placed there.</summary>
    public JobGrainClient Client(int silo) => Cluster.Silos[silo].ServiceProvider.GetRequiredService<JobGrainClient>();

    /// <summary>The job store the grains of silo <paramref name="silo"/> use.</summary>
    public ProbedJobStore Store(int silo) => Cluster.Silos[silo].ServiceProvider.GetRequiredService<ProbedJobStore>();

    /// <summary>How many reminders job <paramref name="id"/>'s grain has in Orleans' reminder table.</summary>
    public async Task<long> RemindersAsync(string id)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansRemindersTable WHERE GrainId LIKE '%' || @id || '%'", connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The node id the runners of silo <paramref name="silo"/> report as.</summary>
    public string Node(int silo) => "node-" + Cluster.Silos[silo].SiloAddress.Endpoint.Port;

    public static Job NewJob(string tag, bool idempotent = false, string owner = "alice")
    {
        var now = DateTimeOffset.UtcNow;
        return new Job
        {
            Id = JobId.New(),
            OwnerId = owner,
            Roles = ["developer"],
            Tool = "work.wait",
            Params = new JsonObject { ["name"] = "work.wait", ["arguments"] = new JsonObject { ["tag"] = tag } },
            Origin = JobOrigin.Rest,
            Idempotent = idempotent,
            MaxAttempts = Settings.MaxAttempts,
            NotBefore = now,
            CreatedAt = now,
            UpdatedAt = now,
            Retention = TimeSpan.FromHours(1),
            RequestId = "req-" + tag,
            CorrelationId = "corr-" + tag,
        };
    }

    public static JobEvent Accepted(Job job) => new(job.Id, job.CreatedAt, "accepted", null, new JsonObject { ["user_id"] = job.OwnerId, ["tool"] = job.Tool });

    /// <summary>Waits until the job's row in the read model meets <paramref name="condition"/>.</summary>
    public async Task<Job> WaitForAsync(string id, Func<Job, bool> condition, string what) =>
        (await Eventually.ValueAsync(async () => await ReadModel.GetAsync(id, default), job => job is not null && condition(job), what, TimeSpan.FromSeconds(90)))!;

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Resolve (one backend <c>work</c> with tool <c>wait</c>) and dispatch to <paramref name="backend"/>: a job's run reaches a backend.</summary>
    private static CallPipeline Pipeline(HeldBackend backend)
    {
        var catalogue = new WorkCatalogue();
        var dispatch = new DispatchStep(backend);
        return new CallPipeline([new ResolveStep(catalogue)], dispatch.InvokeAsync);
    }

    private sealed class WorkCatalogue : ICatalogue
    {
        public CatalogueSnapshot Current { get; } = CatalogueBuilder.Build(
            [new CatalogueBackend("work", "work", true)],
            new Dictionary<string, BackendDiscovery> { ["work"] = new("work", [new JsonObject { ["name"] = "wait" }], [], [], [], false, DateTimeOffset.UnixEpoch) },
            1);

        public IReadOnlyList<BackendHealth> Health => [];

        public event Action<CatalogueSnapshot>? Changed { add { } remove { } }
    }
}
