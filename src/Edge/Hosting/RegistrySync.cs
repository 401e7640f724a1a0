using McpGateway.Core.Configuration;
using McpGateway.Core.Registry;

namespace McpGateway.Edge.Hosting;

/// <summary>Writes what a <c>tools.yaml</c> declares to the registry (at startup and after each reload) and logs each change.</summary>
internal sealed partial class RegistrySync(IToolRegistry registry, ILogger<RegistrySync> logger)
{
    public async Task SyncAsync(ToolsConfig config, CancellationToken cancellationToken)
    {
        var sync = await registry.SyncAsync(RegistryDeclarations.From(config), cancellationToken);
        foreach (var change in sync.Changes)
        {
            LogRegistryChange(change.Key.ToString(), change.Change.ToString());
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Registry: {Entry} {Change}")]
    private partial void LogRegistryChange(string entry, string change);
}
