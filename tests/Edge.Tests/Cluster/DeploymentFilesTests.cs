using System.Text.RegularExpressions;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>The deployment files stay complete: <c>.env.example</c> lists every setting the gateway reads.</summary>
public sealed partial class DeploymentFilesTests
{
    [Fact]
    public void EnvExample_ListsEverySettingTheGatewayReads()
    {
        var envExample = File.ReadAllText(ComposeSettings.EnvExampleFile);
        var read = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))

            // Settings an earlier release read: named there only to refuse them, not listed as settings.
            .Where(f => Path.GetFileName(f) != "RemovedSettings.cs")
            .SelectMany(f => Setting().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("DATABASE_URL", read);
        Assert.Empty(read.Where(name => !Regex.IsMatch(envExample, $@"\b{name}\b")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compose_GivesEveryGatewayNodeItsOwnIdAndAddress_AndTheIngressIsTheOnlyPublishedPort()
    {
        var compose = ComposeSettings.Load(new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = "p",
            ["JWT_SECRET_KEY"] = "s",
            ["TOOL_GATEWAY_SHARED_SECRET"] = "t",
        });
        var nodes = compose.ServiceNames.Where(s => s.StartsWith("gateway", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, node =>
        {
            var environment = compose.Environment(node);
            Assert.Equal(node, environment["GATEWAY_NODE_ID"]);
            Assert.Equal($"http://{node}:8000", environment["GATEWAY_NODE_ADDRESS"]);
            Assert.Equal(node, environment["GATEWAY_SILO_ADVERTISED_ADDRESS"]);
            Assert.Equal("11111", environment["GATEWAY_SILO_PORT"]);
            Assert.StartsWith("postgres://mcpgw:p@postgres:5432/", environment["DATABASE_URL"], StringComparison.Ordinal);
        });
        Assert.Equal(["ingress"], compose.ServiceNames.Where(compose.Publishes));
        Assert.Equal("8080", compose.PublishedPort("ingress"));
    }

    [GeneratedRegex("\"((?:GATEWAY|JWT|TOOL|RATE_LIMIT|DATABASE|LOG)_[A-Z0-9_]+)\"")]
    private static partial Regex Setting();
}
