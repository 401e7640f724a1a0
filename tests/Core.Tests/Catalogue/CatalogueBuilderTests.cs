using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;

namespace McpGateway.Core.Tests.Catalogue;

public sealed class CatalogueBuilderTests
{
    private static BackendDiscovery Discovery(string backend, string[] tools, string[]? resources = null, string[]? templates = null) => new(
        backend,
        [.. tools.Select(t => new JsonObject { ["name"] = t, ["inputSchema"] = new JsonObject { ["type"] = "object" }, ["_meta"] = new JsonObject { ["x"] = 1 } })],
        [],
        [.. (resources ?? []).Select(r => new JsonObject { ["uri"] = r, ["name"] = r })],
        [.. (templates ?? []).Select(t => new JsonObject { ["uriTemplate"] = t, ["name"] = t })],
        SupportsCompletions: false,
        DateTimeOffset.UnixEpoch);

    [Fact]
    public void Build_PrefixedBackends_ExposeBackendDotName_KeepingTheDefinition()
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("hello", "hello", Prefix: true)],
            new Dictionary<string, BackendDiscovery> { ["hello"] = Discovery("hello", ["echo"]) },
            1);

        var echo = snapshot.FindTool("hello.echo");
        Assert.NotNull(echo);
        Assert.Equal("echo", echo.OriginalName);
        Assert.Equal("hello.echo", echo.Definition["name"]!.GetValue<string>());
        Assert.Equal(1, echo.Definition["_meta"]!["x"]!.GetValue<int>());
        Assert.Null(snapshot.FindTool("echo"));
    }

    [Fact]
    public void Build_UnprefixedCollision_KeepsTheFirstBackend_AndReportsTheOther()
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("a", "a", Prefix: false), new CatalogueBackend("b", "b", Prefix: false)],
            new Dictionary<string, BackendDiscovery> { ["a"] = Discovery("a", ["search"]), ["b"] = Discovery("b", ["search", "fetch"]) },
            1);

        Assert.Equal("a", snapshot.FindTool("search")!.Backend);
        Assert.Equal("b", snapshot.FindTool("fetch")!.Backend);
        var problem = Assert.Single(snapshot.Problems);
        Assert.Equal(("search", "b", "a"), (problem.ExposedName, problem.Backend, problem.TakenBy));
        Assert.Single(snapshot.List(CatalogueKind.Tool, null), i => i.ExposedName == "search");
    }

    [Fact]
    public void Build_HiddenTools_AreLeftOut()
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("hello", "hello", true, new HashSet<string> { "sum" })],
            new Dictionary<string, BackendDiscovery> { ["hello"] = Discovery("hello", ["echo", "sum"]) },
            1);

        Assert.NotNull(snapshot.FindTool("hello.echo"));
        Assert.Null(snapshot.FindTool("hello.sum"));
    }

    [Fact]
    public void Build_ResourceUriCollision_IsReported()
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("a", "a", true), new CatalogueBackend("b", "b", true)],
            new Dictionary<string, BackendDiscovery> { ["a"] = Discovery("a", [], ["x://1"]), ["b"] = Discovery("b", [], ["x://1"]) },
            1);

        Assert.Equal("a", snapshot.FindResource("x://1")!.Backend);
        Assert.Equal(CatalogueKind.Resource, Assert.Single(snapshot.Problems).Kind);
    }

    [Fact]
    public void FindResource_MatchesTemplates_AndListIsScoped()
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("docs", "docs", true), new CatalogueBackend("git", "code", true)],
            new Dictionary<string, BackendDiscovery>
            {
                ["docs"] = Discovery("docs", ["render"], templates: ["docs://{id}/page{?format}"]),
                ["git"] = Discovery("git", ["log"]),
            },
            1);

        Assert.Equal("docs", snapshot.FindResource("docs://42/page?format=pdf")!.Backend);
        Assert.Null(snapshot.FindResource("other://42"));
        Assert.Equal(["git.log"], snapshot.List(CatalogueKind.Tool, "code").Select(i => i.ExposedName));
        Assert.Equal(2, snapshot.List(CatalogueKind.Tool, null).Count());
    }

    [Fact]
    public void Build_SkipsDefinitionsWithoutAName_AndBackendsNotDiscovered()
    {
        var discovery = Discovery("a", ["ok"]) with { Tools = [new JsonObject { ["name"] = "ok" }, new JsonObject { ["title"] = "nameless" }] };
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("a", "a", true), new CatalogueBackend("down", "down", true)],
            new Dictionary<string, BackendDiscovery> { ["a"] = discovery },
            1);

        Assert.Single(snapshot.Items);
    }
}
