using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;

namespace McpGateway.Core.Tests.Catalogue;

public sealed class CatalogueChangesTests
{
    private static CatalogueSnapshot Snapshot(params (string Backend, string[] Tools, string[] Templates)[] backends) => CatalogueBuilder.Build(
        [.. backends.Select(b => new CatalogueBackend(b.Backend, b.Backend, true))],
        backends.ToDictionary(
            b => b.Backend,
            b => new BackendDiscovery(
                b.Backend,
                [.. b.Tools.Select(t => new JsonObject { ["name"] = t })],
                [],
                [],
                [.. b.Templates.Select(t => new JsonObject { ["uriTemplate"] = t, ["name"] = t })],
                false,
                DateTimeOffset.UnixEpoch)),
        1);

    [Fact]
    public void Between_ReportsOnlyTheKindsAndScopesThatChanged()
    {
        var before = Snapshot(("a", ["x"], []), ("b", ["y"], []));
        var after = Snapshot(("a", ["x", "z"], []), ("b", ["y"], ["b://{id}"]));

        var changes = CatalogueChanges.Between(before, after);
        Assert.Equal(
            new HashSet<(CatalogueKind, string)> { (CatalogueKind.Tool, "a"), (CatalogueKind.Resource, "b") },
            changes.ToHashSet());
        Assert.Empty(CatalogueChanges.Between(after, Snapshot(("a", ["x", "z"], []), ("b", ["y"], ["b://{id}"]))));
    }

    [Fact]
    public void Between_ABackendThatDisappears_ChangesItsScope()
    {
        var changes = CatalogueChanges.Between(Snapshot(("a", ["x"], []), ("b", ["y"], [])), Snapshot(("a", ["x"], [])));
        Assert.Equal([(CatalogueKind.Tool, "b")], changes);
    }
}
