namespace McpGateway.Tests.Common.Gateway;

/// <summary>How to start one <c>mcpgw</c> node (see <see cref="GatewayProcess.StartAsync"/>).</summary>
public sealed record GatewayNodeSpec
{
    /// <summary>The folder with tools.yaml and policy.yaml (<c>--config-dir</c>).</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>The node's data folder (<c>--data-dir</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The loopback port to serve on; a free one when 0.</summary>
    public int Port { get; init; }

    /// <summary>The test's settings (see <see cref="NodeEnvironment.Build"/>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Whether <see cref="NodeEnvironment.TestDefaults"/> apply (tests of the deployment files turn them off).</summary>
    public bool TestDefaults { get; init; } = true;

    /// <summary>Arguments before the options this record sets (e.g. <c>serve</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The path <see cref="GatewayProcess.StartAsync"/> waits to answer 2xx; null to return at once.</summary>
    public string? ReadyPath { get; init; } = "/health/ready";

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public string? WorkingDirectory { get; init; }
}
