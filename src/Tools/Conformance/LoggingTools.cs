using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Conformance;

/// <summary>
/// Tools that log (beyond the scenarios, for the gateway's relay tests): one message at several levels while the call
/// runs, and messages sent after the call has been answered (belonging to no call). Each message's data is
/// <c>{ "marker": …, "level": … }</c> with the caller's marker, and the backend sends them whatever level was set, so
/// the filtering seen by a client is the gateway's.
/// </summary>
internal static class LoggingTools
{
    public const string Levels = "test_log_levels";
    public const string AfterCall = "test_log_after_call";

    public const string Definitions = """
        { "name": "test_log_levels", "description": "Logs one message at debug, info, warning and error while running",
          "inputSchema": { "type": "object", "properties": { "marker": { "type": "string" } } } },
        { "name": "test_log_after_call", "description": "Answers, then logs at notice and at error (outside any call)",
          "inputSchema": { "type": "object", "properties": { "marker": { "type": "string" } } } }
        """;

    public static async Task<CallToolResult> LevelsAsync(McpServer server, string marker, CancellationToken cancellationToken)
    {
        foreach (var level in new[] { LoggingLevel.Debug, LoggingLevel.Info, LoggingLevel.Warning, LoggingLevel.Error })
        {
            await LogAsync(server, marker, level, cancellationToken);
        }

        return new CallToolResult { Content = [new TextContentBlock { Text = "Logged at four levels" }] };
    }

    public static CallToolResult AfterCallAsync(McpServer server, string marker)
    {
        _ = Task.Run(async () =>
        {
            // After the answer has gone out: these messages belong to no request.
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, CancellationToken.None);
            await LogAsync(server, marker, LoggingLevel.Notice, CancellationToken.None);
            await LogAsync(server, marker, LoggingLevel.Error, CancellationToken.None);
        });
        return new CallToolResult { Content = [new TextContentBlock { Text = "Will log after this answer" }] };
    }

    private static Task LogAsync(McpServer server, string marker, LoggingLevel level, CancellationToken cancellationToken)
    {
        var name = JsonSerializer.SerializeToElement(level, ModelContextProtocol.McpJsonUtilities.DefaultOptions).GetString()!;
        return server.SendNotificationAsync(
            NotificationMethods.LoggingMessageNotification,
            new LoggingMessageNotificationParams
            {
                Level = level,
                Logger = "conformance",
                Data = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["marker"] = marker, ["level"] = name }),
            },
            cancellationToken: cancellationToken);
    }
}
