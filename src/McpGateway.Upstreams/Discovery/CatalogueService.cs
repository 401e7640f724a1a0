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
/// reports) a backend that is down or slow while the rest keep working; discovers again on a backend's
/// <c>notifications/*/list_changed</c> and on an interval.
/// </summary>
public sealed partial class CatalogueService : ICatalogue, IAsyncDisposable
{
    private readonly IReadOnlyList<BackendConfig> _backends;
    private readonly IReadOnlyList<CatalogueBackend> _catalogueBackends;
    private readonly BackendPool _pool;
    private readonly UpstreamOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, BackendDiscovery> _discoveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BackendHealth> _health = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, int> _retries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _retryPending = new(StringComparer.Ordinal);
    private readonly Lock _rebuildLock = new();
    private string _digest = "";
    private long _version;
    private Task _loop = Task.CompletedTask;

    public CatalogueService(IReadOnlyList<BackendConfig> backends, BackendPool pool, UpstreamOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _backends = backends;
        _catalogueBackends = backends.Where(b => b.Active).Select(b => new CatalogueBackend(
            b.Name,
            b.Scope,
            b.Prefix,
            b.Tools.Where(t => !t.Value.Active).Select(t => t.Key).ToHashSet(StringComparer.Ordinal))).ToArray();
        _pool = pool;
        _options = options;
        _logger = loggerFactory.CreateLogger<CatalogueService>();
        _time = time;
        foreach (var backend in backends)
        {
            _health[backend.Name] = new BackendHealth(backend.Name, backend.Active ? BackendState.Unknown : BackendState.Disabled, null, null, null);
        }
    }

    public CatalogueSnapshot Current { get; private set; } = CatalogueSnapshot.Empty;

    public IReadOnlyList<BackendHealth> Health => _backends.Select(b => _health[b.Name]).ToArray();

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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(connection.Config.DiscoveryTimeoutSeconds));
        try
        {
            var discovery = await BackendDiscoverer.DiscoverAsync(connection, _time, timeout.Token);
            _discoveries[connection.Name] = discovery;
            _retries.TryRemove(connection.Name, out _);
            _health[connection.Name] = new BackendHealth(connection.Name, BackendState.Healthy, null, attemptAt, attemptAt);
        }
        catch (Exception exception) when (!_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var reason = exception is OperationCanceledException
                ? $"discovery did not finish within {connection.Config.DiscoveryTimeoutSeconds} s"
                : exception.Message;
            _discoveries.TryRemove(connection.Name, out _);
            _health[connection.Name] = _health[connection.Name] with { State = BackendState.Unavailable, LastError = reason, LastAttemptAt = attemptAt };
            LogBackendLeftOut(connection.Name, reason);
            ScheduleRetry(connection);
        }

        Rebuild();
    }

    /// <summary>
    /// A backend left out is tried again soon (2 s, 4 s, 8 s … up to the discovery interval) rather than only at the next
    /// interval: a stdio backend starting cold, or one briefly down, comes back quickly.
    /// </summary>
    private void ScheduleRetry(BackendConnection connection)
    {
        var attempt = _retries.AddOrUpdate(connection.Name, 1, (_, n) => n + 1);
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
                await RefreshAsync(connection, _stopping.Token);
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
            var candidate = CatalogueBuilder.Build(_catalogueBackends, _discoveries, _version + 1);
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
            text.Append(item.Kind).Append('|').Append(item.Backend).Append('|').Append(item.Definition.ToJsonString()).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
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

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Configuration error: {Problem}")]
    private partial void LogCollision(string problem);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Catalogue version {Version}: {Count} entries")]
    private partial void LogCatalogueChanged(long version, int count);
}
