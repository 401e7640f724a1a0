using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace McpGateway.Grains.Jobs;

/// <summary>
/// Where a job grain is activated, and so where its job runs: on the silo that activates it (the node the job was
/// submitted to, or the silo whose reminder service took up the job) when that silo runs jobs, else on a random silo
/// that does. Whether a silo runs jobs is its metadata <see cref="MetadataKey"/> (<c>none</c>: it runs none).
/// </summary>
[GenerateSerializer]
[Alias("mcpgw.JobPlacementStrategy")]
public sealed class JobPlacementStrategy : PlacementStrategy
{
    /// <summary>The silo metadata saying whether a silo runs jobs (<c>run</c> or <c>none</c>).</summary>
    public const string MetadataKey = "mcpgw.jobs";
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class JobPlacementAttribute() : PlacementAttribute(new JobPlacementStrategy());

/// <summary>Places job grains by <see cref="JobPlacementStrategy"/>.</summary>
internal sealed class JobPlacementDirector(IServiceProvider services) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var metadata = services.GetService<ISiloMetadataCache>();
        bool Runs(SiloAddress silo) =>
            metadata is null || !metadata.GetSiloMetadata(silo).Metadata.TryGetValue(JobPlacementStrategy.MetadataKey, out var value) || value != "none";

        if (silos.Contains(context.LocalSilo) && Runs(context.LocalSilo))
        {
            return Task.FromResult(context.LocalSilo);
        }

        var runners = silos.Where(Runs).ToArray();
        var pool = runners.Length > 0 ? runners : silos;
        return Task.FromResult(pool[Random.Shared.Next(pool.Length)]);
    }
}
