using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tools.Git;

/// <summary>Identity and defaults of the read-only Git demo server.</summary>
public static class GitServer
{
    public const string Name = "git";
    public const string DefaultUrls = "http://127.0.0.1:9103";

    /// <summary>Registers the Git tools and the repository allow-list (configuration section <c>Git</c>).</summary>
    public static IMcpServerBuilder ConfigureServer(IMcpServerBuilder server)
    {
        server.Services.AddSingleton<GitRepositories>();
        return server.WithTools(ToolSchemas.FromStaticMethods(typeof(GitTools)));
    }

    /// <summary>Host identity and defaults.</summary>
    public static void Configure(McpToolServerOptions options)
    {
        options.ServerName = Name;
        options.ServerTitle = "Read-only Git";
        options.ServerVersion = typeof(GitServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        options.Instructions = "Read-only access to the Git repositories this server is configured with (by name): history, "
            + "commits with their diffs, diffs between refs, text and commit-message search, branches and tags. Nothing writes.";
        options.DefaultUrls = DefaultUrls;
    }

    /// <summary>The category of the Git server's log messages.</summary>
    public sealed class LogCategory;
}
