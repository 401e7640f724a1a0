using Microsoft.Extensions.Logging;

namespace McpGateway.Tools.Docs;

/// <summary>The document generator's log messages (event ids 7520-7529).</summary>
internal static partial class DocsLog
{
    [LoggerMessage(EventId = 7520, Level = LogLevel.Information,
        Message = "docs: generated a {Format} document of {Size} bytes ({Sha256}) for user {UserId}")]
    public static partial void Generated(ILogger logger, string format, int size, string sha256, string userId);
}
