using Orleans.Runtime;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// Picks, from successive membership snapshots, the node ids to recover: each silo that became dead, once, except this
/// node's own silo and a node id that lives on in another silo (a restarted node recovers its previous life itself).
/// </summary>
internal sealed class DeadSilos(SiloAddress self)
{
    private readonly HashSet<SiloAddress> _handled = [];

    public IReadOnlyList<string> Next(ClusterMembershipSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var alive = snapshot.Members.Values.Where(m => m.Status != SiloStatus.Dead).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var dead = new List<string>();
        foreach (var member in snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).OrderBy(m => m.SiloAddress.Generation))
        {
            if (_handled.Add(member.SiloAddress) && !member.SiloAddress.Equals(self) && !alive.Contains(member.Name) && !dead.Contains(member.Name))
            {
                dead.Add(member.Name);
            }
        }

        return dead;
    }
}
