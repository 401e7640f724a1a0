using McpGateway.Core.Audit;

namespace McpGateway.Storage.Tests.Audit;

/// <summary>A real store behind a switch: while <see cref="Down"/>, appends fail like an unreachable database; a gate can hold them.</summary>
internal sealed class FaultyAuditStore(IAuditStore inner) : IAuditStore
{
    private int _appends;

    public volatile bool Down;

    /// <summary>When set, every append waits for it first.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every append hangs until it completes (or the append is cancelled), like a database that does not answer.</summary>
    public TaskCompletionSource? Hang { get; set; }

    public int Appends => Volatile.Read(ref _appends);

    /// <summary>The event ids stored in <paramref name="chain"/>, in chain order.</summary>
    public async Task<List<string>> StoredEventIdsAsync(string chain)
    {
        var ids = new List<string>();
        await foreach (var entry in inner.ReadChainAsync(chain, default))
        {
            ids.Add(entry.Record.EventId);
        }

        return ids;
    }

    public async Task<int> AppendAsync(string chain, IReadOnlyList<AuditRecord> records, AuditHasher hasher, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _appends);
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        if (Hang is { } hang)
        {
            await hang.Task.WaitAsync(cancellationToken);
        }

        if (Down)
        {
            throw new InvalidOperationException("store down");
        }

        return await inner.AppendAsync(chain, records, hasher, cancellationToken);
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public Task<IReadOnlyList<AuditChainState>> GetChainsAsync(CancellationToken cancellationToken) => inner.GetChainsAsync(cancellationToken);

    public IAsyncEnumerable<AuditEntry> ReadChainAsync(string chain, CancellationToken cancellationToken) => inner.ReadChainAsync(chain, cancellationToken);

    public Task<long> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => inner.PurgeAsync(olderThan, cancellationToken);
}
