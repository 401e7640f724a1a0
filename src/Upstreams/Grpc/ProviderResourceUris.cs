namespace McpGateway.Upstreams.Grpc;

/// <summary>
/// The URIs a <c>grpc</c> backend exposes for its provider's resources: <c>&lt;backend&gt;+&lt;uri&gt;</c>
/// (<c>hello-go+hello://greeting</c>), so that two providers offering the same URI are both served; with
/// <c>prefix: false</c> the provider's URIs unchanged (docs/provider-contract.md).
/// </summary>
internal sealed class ProviderResourceUris(string backend, bool prefix)
{
    private readonly string _prefix = backend + "+";

    public string Expose(string uri) => prefix ? _prefix + uri : uri;

    /// <summary>The provider's URI of an exposed one, or null when it is not one of this backend's.</summary>
    public string? Restore(string exposed) =>
        !prefix ? exposed
        : exposed.StartsWith(_prefix, StringComparison.Ordinal) && exposed.Length > _prefix.Length ? exposed[_prefix.Length..]
        : null;
}
