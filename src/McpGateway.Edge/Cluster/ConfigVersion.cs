using System.Security.Cryptography;
using System.Text;
using McpGateway.Core.Policy;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The configuration a node runs, as one short digest of <c>tools.yaml</c> (as read at startup) and the role policy
/// in force (which reloads). Nodes that run the same files report the same version.
/// </summary>
internal sealed class ConfigVersion(RolePolicySource policies, GatewayOptions options)
{
    private readonly string _tools = Digest(ReadOrEmpty(options.ToolsFile));

    public string Current => "sha256:" + Digest(_tools + "\n" + policies.Current.Version)[..16];

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
