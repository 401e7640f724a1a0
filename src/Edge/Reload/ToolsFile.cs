using McpGateway.Core.Configuration;
using McpGateway.Edge.Hosting;
using McpGateway.Upstreams.Connections;
using McpGateway.Upstreams.Discovery;

namespace McpGateway.Edge.Reload;

/// <summary>
/// <c>tools.yaml</c>: a valid change becomes the snapshot every call reads (risk, limits, jobs, validation, scopes),
/// then the backend connections and the catalogue follow it and the registry records it.
/// </summary>
internal sealed class ToolsFile(ToolsConfigSource tools, BackendPool pool, CatalogueService catalogue, RegistrySync registry) : IReloadableFile
{
    /// <summary>The digest of the text applied in full (a change whose registry sync failed is applied again: every step is idempotent).</summary>
    private volatile string _applied = tools.Current.ContentDigest;

    public string Path => tools.Current.SourcePath;

    public string Version => tools.Current.ContentDigest[..12];

    public bool IsInForce(string digest) => digest == _applied;

    public async Task<ReloadResult> ApplyAsync(string text, CancellationToken cancellationToken)
    {
        var load = tools.Reload(text, ConfigContext.ForCurrentProcess());
        if (load.Config is not { } config)
        {
            return ReloadResult.Rejected(load.Errors);
        }

        var changes = pool.Apply(config.Backends);
        await catalogue.ApplyAsync(config.Backends, changes, cancellationToken);
        await registry.SyncAsync(config, cancellationToken);
        _applied = config.ContentDigest;
        return ReloadResult.Applied(changes.ToString());
    }
}
