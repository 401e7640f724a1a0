using McpGateway.Core.Configuration;

namespace McpGateway.Core.Policy;

/// <summary>The risk level of a tool (<c>risk:</c> of its settings in <c>tools.yaml</c>).</summary>
public interface IToolRiskSource
{
    RiskLevel RiskOf(string backend, string tool);
}

/// <summary>Risk levels from a <see cref="ToolsConfig"/>, the one in force when asked; unlisted tools are low risk.</summary>
public sealed class ToolsConfigRisk(Func<ToolsConfig> config) : IToolRiskSource
{
    public RiskLevel RiskOf(string backend, string tool) =>
        config().Tool(backend, tool)?.Risk ?? RiskLevel.Low;
}
