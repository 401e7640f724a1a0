using Microsoft.Extensions.Logging;

namespace McpGateway.Tools.Git;

/// <summary>The Git server's log messages (event ids 7510-7519).</summary>
internal static partial class GitLog
{
    [LoggerMessage(EventId = 7510, Level = LogLevel.Information, Message = "git: {Tool} on {Repository} called for user {UserId}")]
    public static partial void ToolCalled(ILogger logger, string tool, string repository, string userId);

    [LoggerMessage(EventId = 7511, Level = LogLevel.Warning, Message = "git: repository {Repository} ({Path}) is not a readable Git repository; calls naming it fail")]
    public static partial void RepositoryUnavailable(ILogger logger, string repository, string path);

    [LoggerMessage(EventId = 7512, Level = LogLevel.Information, Message = "git: serving {Count} repositories: {Names}")]
    public static partial void Serving(ILogger logger, int count, string names);
}
