using System.Collections.Concurrent;
using System.Globalization;
using McpGateway.Core.Traffic;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace McpGateway.Storage.Postgres.Traffic;

/// <summary>
/// The cluster engine: buckets, caps and breakers shared by every node through PostgreSQL (see
/// docs/traffic-control.md). Calls spend leased shares locally; a background loop keeps the leases topped up and
/// renewed, and listens for other nodes' breaker transitions. Disposing gives the leases back; when a node is marked
/// dead, the node that marked it ends the dead node's leases and probe claims at once (<see cref="RecoverNodeAsync"/>)
/// rather than waiting for them to run out.
/// </summary>
public sealed partial class PostgresAdmissionEngine : IAdmissionEngine, IAsyncDisposable
{
    private const string Channel = "mcpgw_admission";

    private readonly NpgsqlDataSource _dataSource;
    private readonly AdmissionStatements _db;
    private readonly TimeProvider _time;
    private readonly PostgresAdmissionOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, LeasedBudget> _budgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LeasedSlots> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _maintenance;
    private readonly Task _listener;

    /// <param name="nodeId">This node's id in the lease rows: the cluster's node id (random when null, for a lone engine).</param>
    internal PostgresAdmissionEngine(NpgsqlDataSource dataSource, TimeProvider time, PostgresAdmissionOptions options, ILogger logger, string? nodeId = null)
    {
        _dataSource = dataSource;
        _time = time;
        _options = options;
        _logger = logger;
        NodeId = nodeId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}";
        _db = new AdmissionStatements(dataSource, NodeId);
        _maintenance = Task.Run(MaintainLoopAsync);
        _listener = Task.Run(ListenLoopAsync);
    }

    public string Name => _options.Strict ? "postgres-strict" : "postgres";

    /// <summary>This node's name in the lease rows.</summary>
    public string NodeId { get; }

    public long Statements => _db.Count;

    public IRateBudget Budget(string key, RateLimit limit) =>
        AdmissionEntities.Get(_budgets, key, limit, static budget => budget.Limit,
            static (k, state) => new LeasedBudget(k, state.Settings, state.State._db, state.State._time, state.State._options), this);

    public ISlotPool Slots(string key, ConcurrencySettings settings) =>
        AdmissionEntities.Get(_slots, key, settings, static slots => slots.Settings,
            static (k, state) => new LeasedSlots(k, state.Settings, state.State._db, state.State._time, state.State._options, state.State.Wake), this);

    /// <summary>A breaker's state is the shared row's: one made for new settings starts from it.</summary>
    public CircuitBreaker Breaker(string key, BreakerSettings settings) =>
        AdmissionEntities.Get(_breakers, key, settings, static breaker => breaker.Settings, static (k, state) =>
        {
            var engine = state.State;
            var coordinator = new PostgresBreakerCoordinator(k, engine._db, engine._time, engine._logger);
            var breaker = new CircuitBreaker(state.Settings, engine._time, coordinator);
            coordinator.Breaker = breaker;
            _ = engine.LoadBreakerAsync(k, breaker);
            return breaker;
        }, this);

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    private async Task MaintainLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.Tick, token);
                foreach (var slots in _slots.Values)
                {
                    await slots.MaintainAsync(token);
                }

                foreach (var budget in _budgets.Values)
                {
                    await budget.MaintainAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogLeaseFailed(exception);
                await Task.Delay(_options.Tick, _time, CancellationToken.None);
            }
        }
    }

    private async Task ListenLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(token);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(token);
                }

                // Transitions made while this node was not listening.
                foreach (var (key, breaker) in _breakers)
                {
                    await LoadBreakerAsync(key, breaker);
                }

                while (!token.IsCancellationRequested)
                {
                    await connection.WaitAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(exception);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
            }
        }
    }

    private void OnNotification(string payload)
    {
        // state|open_until ms|node|key
        var parts = payload.Split('|', 4);
        if (parts.Length != 4 || parts[2] == NodeId || !_breakers.TryGetValue(parts[3], out var breaker))
        {
            return;
        }

        var until = long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : default;
        breaker.Apply(parts[0] == "open" ? BreakerState.Open : BreakerState.Closed, until);
    }

    private async Task LoadBreakerAsync(string key, CircuitBreaker breaker)
    {
        try
        {
            if (await _db.ReadBreakerAsync(key, _stopping.Token) is { State: "open", OpenUntil: { } until })
            {
                breaker.Apply(BreakerState.Open, until);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogListenFailed(exception);
        }
    }

    /// <summary>Ends the leases and probe claims of <paramref name="deadNodeId"/> (this node's own previous life when it starts under the same id).</summary>
    public Task RecoverNodeAsync(string deadNodeId, CancellationToken cancellationToken) => _db.RecoverNodeAsync(deadNodeId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_maintenance, _listener);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var budgets = _budgets.Values.Where(b => b.Unspent > 0).ToList();
            await _db.ReleaseNodeAsync(
                [.. budgets.Select(b => b.Key)], [.. budgets.Select(b => b.Unspent)], [.. budgets.Select(b => b.Limit.Burst)], timeout.Token);
        }
        catch (Exception exception)
        {
            LogReleaseFailed(exception);
        }

        _stopping.Dispose();
    }

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Could not renew admission leases; retrying")]
    private partial void LogLeaseFailed(Exception exception);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Lost the breaker notifications of the cluster; reconnecting")]
    private partial void LogListenFailed(Exception exception);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Could not give the admission leases back; they expire on their own")]
    private partial void LogReleaseFailed(Exception exception);
}
