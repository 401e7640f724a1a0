using System.Security.Cryptography;
using System.Text;
using McpGateway.Core.Configuration;
using McpGateway.Core.Policy;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The configuration a node runs, as one short digest of the <c>tools.yaml</c> and the role policy in force (both
/// reload). Nodes that run the same files report the same version (<c>/admin/cluster</c>, <c>/health/ready</c>,
/// <c>/metrics</c>).
/// </summary>
internal sealed class ConfigVersion(ToolsConfigSource tools, RolePolicySource policies)
{
    public string Current => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tools.Current.ContentDigest + "\n" + policies.Current.Version)))[..16];
}
