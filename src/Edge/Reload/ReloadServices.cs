namespace McpGateway.Edge.Reload;

/// <summary>Registers hot reload of <c>tools.yaml</c> and <c>policy.yaml</c>.</summary>
internal static class ReloadServices
{
    public static IServiceCollection AddConfigReload(this IServiceCollection services)
    {
        services.AddSingleton<IReloadableFile, ToolsFile>();
        services.AddSingleton<IReloadableFile, PolicyFile>();
        services.AddHostedService<ConfigReloadService>();
        return services;
    }
}
