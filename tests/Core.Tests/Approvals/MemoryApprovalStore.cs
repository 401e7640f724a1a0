using System.Collections.Concurrent;
using McpGateway.Core.Approvals;

namespace McpGateway.Core.Tests.Approvals;

/// <summary>A hand-written in-memory <see cref="IApprovalStore"/> for pipeline tests (the engines have their own contract tests).</summary>
internal sealed class MemoryApprovalStore : IApprovalStore
{
    private readonly ConcurrentDictionary<string, Approval> _rows = new();
    private readonly Lock _gate = new();

    public IReadOnlyCollection<Approval> All => [.. _rows.Values];

    public Task AddAsync(Approval approval, CancellationToken cancellationToken)
    {
        Assert.True(_rows.TryAdd(approval.Id, approval));
        return Task.CompletedTask;
    }

    public Task<Approval> AddPendingAsync(Approval approval, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pending = _rows.Values.FirstOrDefault(a => a.UserId == approval.UserId && a.Tool == approval.Tool
                && a.ArgumentsDigest == approval.ArgumentsDigest && a.StatusAt(now) == ApprovalStatus.Pending);
            if (pending is null)
            {
                Assert.True(_rows.TryAdd(approval.Id, approval));
            }

            return Task.FromResult(pending ?? approval);
        }
    }

    public Task<Approval?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_rows.GetValueOrDefault(id));

    public Task<Approval?> FindPendingAsync(string userId, string tool, string argumentsDigest, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.Values
            .Where(a => a.UserId == userId && a.Tool == tool && a.ArgumentsDigest == argumentsDigest && a.StatusAt(now) == ApprovalStatus.Pending)
            .OrderByDescending(a => a.CreatedAt)
            .FirstOrDefault());

    public Task<IReadOnlyList<Approval>> ListAsync(ApprovalStatus? status, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Approval>>([.. _rows.Values.Where(a => status is null || a.StatusAt(now) == status).OrderByDescending(a => a.CreatedAt).Take(limit)]);

    public Task<Approval?> DecideAsync(string id, ApprovalStatus decision, string decidedBy, string? reason, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(id, out var row) || row.StatusAt(now) != ApprovalStatus.Pending)
            {
                return Task.FromResult<Approval?>(null);
            }

            var decided = row with { Status = decision, DecidedAt = now, DecidedBy = decidedBy, Reason = reason, ExpiresAt = expiresAt };
            _rows[id] = decided;
            return Task.FromResult<Approval?>(decided);
        }
    }

    public Task<bool> TryUseAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(id, out var row) || row.StatusAt(now) != ApprovalStatus.Approved)
            {
                return Task.FromResult(false);
            }

            _rows[id] = row with { Status = ApprovalStatus.Used, UsedAt = now };
            return Task.FromResult(true);
        }
    }
}

/// <summary>Remembers every approval event.</summary>
internal sealed class RecordingNotifier : IApprovalNotifier
{
    public ConcurrentQueue<(string Event, Approval Approval)> Events { get; } = new();

    public void Notify(string eventName, Approval approval) => Events.Enqueue((eventName, approval));
}
