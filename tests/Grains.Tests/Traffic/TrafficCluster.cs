using McpGateway.Grains.Traffic;
using McpGateway.Silo.Admission;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace McpGateway.Grains.Tests.Traffic;

/// <summary>
/// An in-process Orleans cluster of several silos whose traffic grains read a fake clock (the silos themselves run on
/// the real one), memory storage registered as <c>grains</c>, and one admission engine per silo (a node), on the same
/// fake clock unless a test gives one its own.
/// </summary>
internal sealed class TrafficCluster : IAsyncDisposable
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(5);

    private readonly List<OrleansAdmissionEngine> _engines = [];
    private readonly Dictionary<OrleansAdmissionEngine, TimeProvider> _clocks = [];

    private TrafficCluster(InProcessTestCluster cluster, FakeTimeProvider clock)
    {
        Cluster = cluster;
        Clock = clock;
    }

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<TrafficCluster> StartAsync(short silos)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(GrainStorage.Name);
            silo.Services.AddKeyedSingleton<TimeProvider>(GrainTime.Key, clock);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new TrafficCluster(cluster, clock);
    }

    /// <summary>A node's engine on silo <paramref name="silo"/> (its grain factory), on the cluster's clock or <paramref name="time"/>.</summary>
    public OrleansAdmissionEngine Engine(int silo, TimeProvider? time = null)
    {
        var grains = Cluster.Silos[silo].ServiceProvider.GetRequiredService<IGrainFactory>();
        var engine = new OrleansAdmissionEngine(grains, time ?? Clock, new OrleansAdmissionOptions { LeaseTime = LeaseTime }, NullLogger.Instance);
        _engines.Add(engine);
        _clocks[engine] = time ?? Clock;
        return engine;
    }

    public IToolGuardGrain Guard(string key) => Cluster.Client.GetGrain<IToolGuardGrain>(key);

    /// <summary>
    /// Moves the fake clock in steps of one engine tick, each time waiting until every running engine on that clock has
    /// done its round (so leases are renewed as they would be on time, however slow the machine).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            var running = _engines.Where(e => e.Running && ReferenceEquals(_clocks[e], Clock)).Select(e => (Engine: e, Ticks: e.Ticks)).ToList();
            Clock.Advance(step);
            await Eventually.TrueAsync(() => running.All(r => (r.Engine.Ticks > r.Ticks && !r.Engine.Maintaining) || !r.Engine.Running), "every engine's loop took its tick");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
