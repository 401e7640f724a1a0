using System.Collections.Concurrent;
using McpGateway.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Identity;

/// <summary>
/// What a gateway under test did: every audit record (one per call that entered the pipeline, so none means no
/// backend was called; each with the caller's identity) and every log line (to prove no token is ever logged).
/// </summary>
public sealed class RecordingServices : IAuditSink, ILoggerProvider
{

    public ConcurrentQueue<AuditRecord> Records { get; } = new();

    public ConcurrentQueue<string> LogLines { get; } = new();

    /// <summary>Every log entry with its level and event id (the line as in <see cref="LogLines"/>).</summary>
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Line)> LogEntries { get; } = new();

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IAuditSink>(this);
        services.AddSingleton<ILoggerProvider>(this);
    }

    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(LogLines, LogEntries);

    public void Dispose()
    {
    }

    private sealed class LineLogger(ConcurrentQueue<string> lines, ConcurrentQueue<(LogLevel, EventId, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception) + " " + exception;
            lines.Enqueue(line);
            entries.Enqueue((logLevel, eventId, line));
        }
    }
}
