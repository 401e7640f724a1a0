using Microsoft.Extensions.Logging;

namespace McpGateway.Upstreams.Connections;

internal sealed partial class BackendConnection
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Connected to backend {Backend} (protocol {ProtocolVersion})")]
    private partial void LogConnected(string backend, string protocolVersion);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Could not connect to backend {Backend}: {ErrorType} ({Reason}); next attempt in {DelaySeconds} s")]
    private partial void LogConnectFailed(string backend, string errorType, string reason, double delaySeconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Backend {Backend} disconnected; reconnecting in {DelaySeconds} s")]
    private partial void LogDisconnected(string backend, double delaySeconds);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Call to backend {Backend} failed: {ErrorType}")]
    private partial void LogCallFailed(string backend, string errorType);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Could not open a client session's backend session to {Backend}: {ErrorType}")]
    private partial void LogSessionConnectFailed(string backend, string errorType);
}
