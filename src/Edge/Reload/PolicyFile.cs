using McpGateway.Core.Policy;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Reload;

/// <summary><c>policy.yaml</c>: a valid change is the role policy of the next decision.</summary>
internal sealed class PolicyFile(RolePolicySource policies, GatewayOptions options) : IReloadableFile
{
    public string Path => options.PolicyFile;

    public string Version => policies.Current.Version;

    /// <summary>A policy's version is the start of its text's digest.</summary>
    public bool IsInForce(string digest) => digest.StartsWith(policies.Current.Version, StringComparison.Ordinal);

    public Task<ReloadResult> ApplyAsync(string text, CancellationToken cancellationToken)
    {
        var errors = policies.Reload(text, options.PolicyFile);
        return Task.FromResult(errors.Count == 0 ? ReloadResult.Applied("") : ReloadResult.Rejected(errors));
    }
}
