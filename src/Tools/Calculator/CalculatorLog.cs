using Microsoft.Extensions.Logging;

namespace McpGateway.Tools.Calculator;

/// <summary>The calculator's log messages (event ids 7500-7509).</summary>
internal static partial class CalculatorLog
{
    [LoggerMessage(EventId = 7500, Level = LogLevel.Information, Message = "calculator: {Tool} called for user {UserId}")]
    public static partial void ToolCalled(ILogger logger, string tool, string userId);
}
