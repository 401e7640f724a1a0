using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// Every log entry a gateway under test writes at Warning or above, with its level, category and exception: the
/// hostile tests assert that no client error is logged as an Error with a stack trace.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public void Register(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    /// <summary>
    /// Entries at Error or above, or carrying an exception (whose stack trace would be logged); those after the first
    /// <paramref name="since"/> entries (a count of <see cref="Entries"/> taken earlier).
    /// </summary>
    public IReadOnlyList<Entry> ErrorsOrStackTraces(int since = 0) =>
        [.. Entries.Skip(since).Where(e => e.Level >= LogLevel.Error || e.Exception is not null)];

    public static string Describe(IEnumerable<Entry> entries) =>
        string.Join("\n", entries.Take(10).Select(e => $"[{e.Level}] {e.Category} ({e.EventId.Id}) {e.Message}\n{e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Entries.Enqueue(new Entry(logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}
