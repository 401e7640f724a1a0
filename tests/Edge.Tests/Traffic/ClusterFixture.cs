using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Traffic;

/// <summary>
/// Four real gateway processes (a <see cref="GatewayCluster"/>) sharing one fresh PostgreSQL database, in front of four counting
/// backends: <c>rated</c> (a tool bucket of 600 per minute, burst 10, on <c>work</c>; <c>filler-0</c> unlimited), <c>capped</c> (at most 3 in flight),
/// <c>breaking</c> (opens after 3 failures for 3 s) and <c>leased</c> (at most 2 in flight, for the node that is killed).
/// Nodes 0–2 form the cluster of the tests; node 3 is the one killed. Leases last 2 s.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(2);

    private readonly TempFolder _folder = new("mcpgw-cluster");
    private GatewayCluster? _cluster;

    public GuardedBackend Rated { get; private set; } = null!;

    public GuardedBackend Capped { get; private set; } = null!;

    public GuardedBackend Breaking { get; private set; } = null!;

    public GuardedBackend Leased { get; private set; } = null!;

    /// <summary>The nodes' processes (node 3 is the one a test kills).</summary>
    public IReadOnlyList<ChildProcess> Processes => [.. Cluster.Nodes.Select(n => n.Process)];

    public IReadOnlyList<Uri> Nodes => [.. Cluster.Nodes.Select(n => n.BaseAddress)];

    private GatewayCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started yet.");

    public async Task InitializeAsync()
    {
        Rated = await GuardedBackend.StartAsync();
        Rated.FillerTools = 1; // rated.filler-0 (no limit of its own): what a node's first call goes to
        Capped = await GuardedBackend.StartAsync();
        Breaking = await GuardedBackend.StartAsync();
        Leased = await GuardedBackend.StartAsync();
        _folder.Write("config/tools.yaml", $$"""
            backends:
              - name: rated
                transport: streamable-http
                url: {{Rated.Endpoint}}
                tools:
                  work: { rate_limit_per_minute: 600, burst: 10 }
              - name: capped
                transport: streamable-http
                url: {{Capped.Endpoint}}
                timeout_seconds: 120
                tools:
                  work: { max_concurrency: 3, queue_length: 1000, queue_timeout_seconds: 120 }
              - name: breaking
                transport: streamable-http
                url: {{Breaking.Endpoint}}
                circuit_breaker: { consecutive_failures: 3, break_seconds: 3 }
              - name: leased
                transport: streamable-http
                url: {{Leased.Endpoint}}
                timeout_seconds: 120
                tools:
                  work: { max_concurrency: 2, queue_length: 100, queue_timeout_seconds: 120 }

            """);
        _folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        _cluster = await GatewayCluster.StartAsync(4, _folder, new Dictionary<string, string?>
        {
            ["GATEWAY_ADMISSION_LEASE_SECONDS"] = NodeEnvironment.Text(LeaseTime.TotalSeconds),
            ["LOG_LEVEL"] = "Warning",
        });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        foreach (var backend in new[] { Rated, Capped, Breaking, Leased })
        {
            await backend.DisposeAsync();
        }

        _folder.Dispose();
    }
}
