using System.Runtime.InteropServices;
using System.Security.Cryptography;
using McpGateway.Edge.Health;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Reload;

/// <summary>
/// Hot reload of the configuration files (<see cref="IReloadableFile"/>): each is read when it may have changed
/// (<see cref="FileChangeSignal"/>: file events, SIGHUP, at the latest every <see cref="GatewayOptions.ConfigReloadInterval"/>).
/// Text that differs from the text in force is applied when valid, without dropping any connection; an invalid one is
/// rejected with every error logged, and the last good configuration stays in force (readiness names the file).
/// </summary>
internal sealed partial class ConfigReloadService(
    IEnumerable<IReloadableFile> files,
    ConfigHealth health,
    GatewayOptions options,
    ILogger<ConfigReloadService> logger) : BackgroundService
{
    private readonly List<FileChangeSignal> _signals = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hangup = RegisterHangup();
        await Task.WhenAll(files.Select(file => WatchAsync(file, stoppingToken)));
    }

    private async Task WatchAsync(IReloadableFile file, CancellationToken stoppingToken)
    {
        using var signal = new FileChangeSignal(file.Path);
        lock (_signals)
        {
            _signals.Add(signal);
        }

        var name = Path.GetFileName(file.Path);
        string? seen = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(options.ConfigReloadInterval, stoppingToken);
                var text = await ReadAsync(file.Path, stoppingToken);
                var digest = text is null ? "unreadable" : Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
                if (digest == seen)
                {
                    continue;
                }

                seen = digest;
                if (text is null)
                {
                    health.Reject(name, 1);
                    LogRejected(name, 1, file.Version, "the file cannot be read");
                }
                else if (file.IsInForce(digest))
                {
                    health.Accept(name);
                }
                else if (!await ApplyAsync(file, name, text, stoppingToken))
                {
                    seen = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_signals)
            {
                _signals.Remove(signal);
            }
        }
    }

    /// <summary>Applies new text; false when applying failed part-way (tried again at the next check).</summary>
    private async Task<bool> ApplyAsync(IReloadableFile file, string name, string text, CancellationToken stoppingToken)
    {
        try
        {
            var result = await file.ApplyAsync(text, stoppingToken);
            if (result.Errors.Count > 0)
            {
                health.Reject(name, result.Errors.Count);
                LogRejected(name, result.Errors.Count, file.Version, string.Join("; ", result.Errors));
            }
            else
            {
                health.Accept(name);
                LogReloaded(name, file.Version, result.Changes);
            }

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            LogApplyFailed(exception, name);
            return false;
        }
    }

    /// <summary>SIGHUP: check every file now (the periodic check would find the change anyway).</summary>
    private PosixSignalRegistration? RegisterHangup()
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                LogHangup();
                lock (_signals)
                {
                    foreach (var signal in _signals)
                    {
                        signal.Raise();
                    }
                }
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    private static async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1321, Level = LogLevel.Information, Message = "Configuration reloaded: {File} version {Version} is in force ({Changes})")]
    private partial void LogReloaded(string file, string version, string changes);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Error, Message = "Configuration change rejected: {File} has {Count} errors; version {Version} stays in force: {Errors}")]
    private partial void LogRejected(string file, int count, string version, string errors);

    [LoggerMessage(EventId = 1323, Level = LogLevel.Error, Message = "Configuration change of {File} could not be applied; trying again at the next check")]
    private partial void LogApplyFailed(Exception exception, string file);

    [LoggerMessage(EventId = 1324, Level = LogLevel.Information, Message = "SIGHUP: checking the configuration files now")]
    private partial void LogHangup();
}
