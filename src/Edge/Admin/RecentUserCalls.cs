using System.Collections.Concurrent;
using McpGateway.Core.Audit;

namespace McpGateway.Edge.Admin;

/// <summary>
/// How many calls each user made on this node in the last minute (admitted calls: those the admit step did not refuse),
/// from the audit records, for the users closest to their quota (<c>GET /admin/quotas</c>). Two one-minute counts per
/// user give a sliding estimate (the previous minute weighted by the part of it still in the window). At most
/// <see cref="MaxUsers"/> users are kept: past that, users idle for two minutes are dropped first, then new users are
/// not counted until room is made.
/// </summary>
internal sealed class RecentUserCalls(TimeProvider time) : IAuditSink
{
    public const int MaxUsers = 10_000;

    private readonly ConcurrentDictionary<(string? Tenant, string User), Window> _users = new();

    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        if (record.Reason is not null || record.Endpoint == "admin")
        {
            return ValueTask.CompletedTask;
        }

        var minute = Minute();
        var key = (record.Tenant, record.UserId);
        if (!_users.ContainsKey(key) && _users.Count >= MaxUsers)
        {
            foreach (var idle in _users.Where(u => u.Value.LastMinute < minute - 1).Select(u => u.Key).ToList())
            {
                _users.TryRemove(idle, out _);
            }

            if (_users.Count >= MaxUsers)
            {
                return ValueTask.CompletedTask;
            }
        }

        _users.GetOrAdd(key, _ => new Window()).Add(minute);
        return ValueTask.CompletedTask;
    }

    /// <summary>The user's calls in the last 60 seconds (estimated).</summary>
    public double LastMinute(string? tenant, string user) =>
        _users.TryGetValue((tenant, user), out var window) ? window.Rate(Minute(), Fraction()) : 0;

    /// <summary>The tenant's calls in the last 60 seconds (estimated), all its users together.</summary>
    public double TenantLastMinute(string tenant)
    {
        var (minute, fraction) = (Minute(), Fraction());
        return _users.Where(u => u.Key.Tenant == tenant).Sum(u => u.Value.Rate(minute, fraction));
    }

    private long Minute() => time.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;

    private double Fraction() => time.GetUtcNow().ToUnixTimeMilliseconds() % 60_000 / 60_000.0;

    private sealed class Window
    {
        private readonly Lock _lock = new();
        private long _minute;
        private long _current;
        private long _previous;

        public long LastMinute
        {
            get
            {
                lock (_lock)
                {
                    return _minute;
                }
            }
        }

        public void Add(long minute)
        {
            lock (_lock)
            {
                Roll(minute);
                _current++;
            }
        }

        public double Rate(long minute, double fraction)
        {
            lock (_lock)
            {
                Roll(minute);
                return _current + (_previous * (1 - fraction));
            }
        }

        private void Roll(long minute)
        {
            if (minute == _minute)
            {
                return;
            }

            _previous = minute == _minute + 1 ? _current : 0;
            _current = 0;
            _minute = minute;
        }
    }
}
