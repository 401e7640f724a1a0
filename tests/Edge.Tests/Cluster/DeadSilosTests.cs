using System.Collections.Immutable;
using System.Net;
using McpGateway.Edge.Cluster;
using Orleans.Runtime;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>Which node ids a node recovers as Orleans membership changes (<see cref="DeadSilos"/>).</summary>
public sealed class DeadSilosTests
{
    private static readonly SiloAddress Self = Silo(1, 10);

    [Fact]
    public void ASiloThatDies_IsRecoveredOnce_NotAgainInLaterSnapshots()
    {
        var dead = new DeadSilos(Self);

        Assert.Empty(dead.Next(Snapshot(1, (Self, SiloStatus.Active, "a"), (Silo(2, 10), SiloStatus.Active, "b"))));
        Assert.Equal(["b"], dead.Next(Snapshot(2, (Self, SiloStatus.Active, "a"), (Silo(2, 10), SiloStatus.Dead, "b"))));
        Assert.Empty(dead.Next(Snapshot(3, (Self, SiloStatus.Active, "a"), (Silo(2, 10), SiloStatus.Dead, "b"), (Silo(3, 10), SiloStatus.Joining, "c"))));
    }

    [Fact]
    public void ANodeIdAliveInANewerSilo_IsNotRecovered_ItRecoveredItselfAtStart()
    {
        var dead = new DeadSilos(Self);

        // The node restarted under the same id: its old generation is dead, the new one is joining or active.
        Assert.Empty(dead.Next(Snapshot(1, (Self, SiloStatus.Active, "a"), (Silo(2, 10), SiloStatus.Dead, "b"), (Silo(2, 20), SiloStatus.Joining, "b"))));
        // Its new generation dies later: that one is recovered.
        Assert.Equal(["b"], dead.Next(Snapshot(2, (Self, SiloStatus.Active, "a"), (Silo(2, 10), SiloStatus.Dead, "b"), (Silo(2, 20), SiloStatus.Dead, "b"))));
    }

    [Fact]
    public void DeadSilosListedWhenTheNodeJoins_AreRecovered_EachNameOnce_NeverItself()
    {
        var dead = new DeadSilos(Self);

        var names = dead.Next(Snapshot(
            1,
            (Self, SiloStatus.Dead, "a"),
            (Silo(2, 10), SiloStatus.Dead, "b"),
            (Silo(2, 20), SiloStatus.Dead, "b"),
            (Silo(3, 10), SiloStatus.ShuttingDown, "c")));

        Assert.Equal(["b"], names);
    }

    private static SiloAddress Silo(int host, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Parse($"10.0.0.{host}"), 11111), generation);

    private static ClusterMembershipSnapshot Snapshot(long version, params (SiloAddress Silo, SiloStatus Status, string Name)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, m.Name)), new MembershipVersion(version));
}
