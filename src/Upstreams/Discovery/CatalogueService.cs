using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Upstreams.Connections;
using Microsoft.Extensions.Logging;

namespace McpGateway.Upstreams.Discovery;

/// <summary>
/// Keeps the catalogue current: discovers every backend in parallel, each under its own timeout; leaves out (and
/// reports) a backend that is down or slow while the rest keep working, except that a connected backend whose
/// re-discovery fails keeps its last good entries for a while (<see cref="KeepsLastGood"/>); discovers again on a
/// backend's <c>notifications/*/list_changed</c> and on an interval. <see cref="ApplyAsync"/> takes a reloaded set of backends:
/// what removed backends offered leaves the catalogue at once, new and replaced backends are discovered.
/// </summary>
public sealed partial class CatalogueService : ICatalogue, IAsyncDisposable
{
    private volatile Backends _backends;
    private readonly BackendPool _pool;
    private readonly UpstreamOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, BackendDiscovery> _discoveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BackendHealth> _health = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, int> _failuresInARow = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _retryPending = new(StringComparer.Ordinal);
    private readonly Lock _rebuildLock = new();
    private string _digest = "";
    private long _version;
    private Task _loop = Task.CompletedTask;

    public CatalogueService(IReadOnlyList<BackendConfig> backends, BackendPool pool, UpstreamOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _backends = new Backends(backends);
        _pool = pool;
        _options = options;
        _logger = loggerFactory.CreateLogger<CatalogueService>();
        _time = time;
        foreach (var backend in backends)
        {
            _health[backend.Name] = Unknown(backend);
        }
    }

    public CatalogueSnapshot Current { get; private set; } = CatalogueSnapshot.Empty;

    public IReadOnlyList<BackendHealth> Health => [.. _backends.Configured.Select(b => _health.GetValueOrDefault(b.Name) ?? Unknown(b))];

    public event Action<CatalogueSnapshot>? Changed;

    /// <summary>Runs a first discovery of every backend, then keeps discovering in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _pool.ListChanged += OnListChanged;
        await RefreshAllAsync(cancellationToken);
        _loop = RunIntervalAsync(_stopping.Token);
    }

    public Task RefreshAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_pool.Connections.Select(c => RefreshAsync(c, cancellationToken)));

    public Task RefreshAsync(string backend, CancellationToken cancellationToken) =>
        _pool.Find(backend) is { } connection ? RefreshAsync(connection, cancellationToken) : Task.CompletedTask;

    private async Task RefreshAsync(BackendConnection connection, CancellationToken cancellationToken)
    {
        var attemptAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connection.Config.DiscoveryTimeoutSeconds));
        try
        {
            var discovery = await BackendDiscoverer.DiscoverAsync(connection, _time, timeout.Token);
            if (!IsCurrent(connection))
            {
                return;
            }

            _discoveries[connection.Name] = discovery;
            _failuresInARow.TryRemove(connection.Name, out _);
            _health[connection.Name] = new BackendHealth(connection.Name, BackendState.Healthy, null, attemptAt, attemptAt, _time.GetElapsedTime(started));
        }
        catch (Exception) when (!IsCurrent(connection))
        {
            // Taken out of the pool by a reload while it was being discovered: its replacement (if any) is discovered on its own.
            return;
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is OperationCanceledException
                ? $"discovery did not finish within {connection.Config.DiscoveryTimeoutSeconds} s"
                : exception.Message;
            var failures = _failuresInARow.AddOrUpdate(connection.Name, 1, (_, n) => n + 1);
            if (KeepsLastGood(connection, failures, exception))
            {
                LogLastGoodKept(connection.Name, reason, failures, _options.DiscoveryFailuresToDrop);
            }
            else
            {
                _discoveries.TryRemove(connection.Name, out _);
                LogBackendLeftOut(connection.Name, reason);
            }

            _health[connection.Name] = (_health.GetValueOrDefault(connection.Name) ?? Unknown(connection.Config)) with { State = BackendState.Unavailable, LastError = reason, LastAttemptAt = attemptAt };
            ScheduleRetry(connection, failures);
        }

        Rebuild();
    }

    /// <summary>
    /// Whether a failed discovery leaves the backend's last good entries in the catalogue: a backend that is merely slow
    /// or answering errors for a moment (a discovery timing out under load) must not vanish for the other callers, whose
    /// calls it may well still serve. It keeps them while its connection lives (the gateway's session with it is up: not
    /// a process that exited, not a connection a call or a connect attempt found dead, not a server this discovery could
    /// not reach at all) and fewer than <see cref="UpstreamOptions.DiscoveryFailuresToDrop"/> discoveries in a row have
    /// failed; a backend that is really gone leaves. A reload that removes or replaces it drops its entries at once
    /// (<see cref="ApplyAsync"/>).
    /// </summary>
    private bool KeepsLastGood(BackendConnection connection, int failures, Exception failure) =>
        connection.IsConnected && !Unreachable(failure) && failures < _options.DiscoveryFailuresToDrop && _discoveries.ContainsKey(connection.Name);

    /// <summary>
    /// Whether the failure is that nothing answers at the backend's address (refused, unresolvable, no TLS session); a
    /// discovery given up at its timeout is not (the aborted request's socket error is the gateway's own doing).
    /// </summary>
    private static bool Unreachable(Exception failure)
    {
        if (failure is OperationCanceledException)
        {
            return false;
        }

        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException
                || e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A backend whose discovery failed is tried again soon (2 s, 4 s, 8 s … up to the discovery interval) rather than
    /// only at the next interval: a stdio backend starting cold, or one briefly down, comes back quickly.
    /// </summary>
    private void ScheduleRetry(BackendConnection connection, int attempt)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(_options.DiscoveryInterval.TotalSeconds, Math.Pow(2, Math.Min(attempt, 10))));
        if (!_retryPending.TryAdd(connection.Name, 0))
        {
            return;
        }

        _ = RetryAsync();

        async Task RetryAsync()
        {
            try
            {
                await Task.Delay(delay, _time, _stopping.Token);
                _retryPending.TryRemove(connection.Name, out _);

                // The backend's connection now: a reload may have replaced (or removed) the one that failed.
                await RefreshAsync(connection.Name, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Rebuild()
    {
        CatalogueSnapshot? changed = null;
        lock (_rebuildLock)
        {
            var candidate = CatalogueBuilder.Build(_backends.Catalogue, _discoveries, _version + 1);
            var digest = Digest(candidate);
            if (digest != _digest)
            {
                _digest = digest;
                _version++;
                Current = candidate;
                changed = candidate;
                foreach (var problem in candidate.Problems)
                {
                    LogCollision(problem.ToString());
                }
            }
        }

        if (changed is not null)
        {
            LogCatalogueChanged(changed.Version, changed.Items.Count);
            Changed?.Invoke(changed);
        }
    }

    /// <summary>
    /// Takes a reloaded set of backends (after <see cref="BackendPool.Apply"/>): the catalogue drops what removed and
    /// replaced backends offered and follows changed scopes, prefixes and hidden tools at once (announcing the change to
    /// clients), then discovers the added and replaced backends.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<BackendConfig> backends, BackendChanges changes, CancellationToken cancellationToken)
    {
        _backends = new Backends(backends);
        foreach (var name in changes.Removed.Concat(changes.Replaced))
        {
            _discoveries.TryRemove(name, out _);
            _failuresInARow.TryRemove(name, out _);
        }

        foreach (var name in _health.Keys.Where(name => backends.All(b => b.Name != name)))
        {
            _health.TryRemove(name, out _);
        }

        foreach (var backend in backends.Where(b => !b.Active || !_health.ContainsKey(b.Name) || changes.Added.Contains(b.Name) || changes.Replaced.Contains(b.Name)))
        {
            _health[backend.Name] = Unknown(backend);
        }

        Rebuild();
        await Task.WhenAll(changes.Added.Concat(changes.Replaced).Select(name => RefreshAsync(name, cancellationToken)));
    }

    private bool IsCurrent(BackendConnection connection) => ReferenceEquals(_pool.Find(connection.Name), connection);

    private static BackendHealth Unknown(BackendConfig backend) =>
        new(backend.Name, backend.Active ? BackendState.Unknown : BackendState.Disabled, null, null, null);

    private void OnListChanged(string backend) => _ = RefreshAsync(backend, _stopping.Token);

    private async Task RunIntervalAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.DiscoveryInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RefreshAllAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Digest(CatalogueSnapshot snapshot)
    {
        var text = new StringBuilder();
        foreach (var item in snapshot.Items)
        {
            text.Append(item.Kind).Append('|').Append(item.Backend).Append('|').Append(item.Scope).Append('|').Append(item.Definition.ToJsonString()).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The configured backends, and what the catalogue builder needs of the active ones.</summary>
    private sealed class Backends(IReadOnlyList<BackendConfig> configured)
    {
        public IReadOnlyList<BackendConfig> Configured { get; } = configured;

        public IReadOnlyList<CatalogueBackend> Catalogue { get; } = [.. configured.Where(b => b.Active).Select(b => new CatalogueBackend(
            b.Name,
            b.Scope,
            b.Prefix,
            b.Tools.Where(t => !t.Value.Active).Select(t => t.Key).ToHashSet(StringComparer.Ordinal)))];
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _pool.ListChanged -= OnListChanged;
        await _stopping.CancelAsync();
        await _loop;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Backend {Backend} is left out of the catalogue: {Reason}")]
    private partial void LogBackendLeftOut(string backend, string reason);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Discovery of backend {Backend} failed ({Failures} in a row, it leaves the catalogue at {Threshold}): {Reason}; its last good entries are kept")]
    private partial void LogLastGoodKept(string backend, string reason, int failures, int threshold);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Configuration error: {Problem}")]
    private partial void LogCollision(string problem);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Catalogue version {Version}: {Count} entries")]
    private partial void LogCatalogueChanged(long version, int count);
}
