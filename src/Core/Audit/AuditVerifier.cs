namespace McpGateway.Core.Audit;

/// <summary>
/// Checks every chain of a store: each record's hash matches its fields, sequences run without gaps from the purge
/// anchor to the head, and each record links to the one before. An edited record, a deleted one (also at the end) and a
/// record moved to another place are each reported with the sequence and event id concerned.
/// </summary>
public sealed class AuditVerifier(AuditHasher hasher)
{
    /// <summary>At most this many problems are reported per chain.</summary>
    public const int MaxProblemsPerChain = 1000;

    public async Task<AuditVerification> VerifyAsync(IAuditStore store, CancellationToken cancellationToken)
    {
        var problems = new List<AuditProblem>();
        long records = 0;
        var chains = await store.GetChainsAsync(cancellationToken);
        foreach (var chain in chains)
        {
            var (count, found) = await VerifyChainAsync(store, chain, cancellationToken);
            records += count;
            problems.AddRange(found);
        }

        return new AuditVerification(chains.Count, records, problems);
    }

    private async Task<(long Count, List<AuditProblem> Problems)> VerifyChainAsync(IAuditStore store, AuditChainState state, CancellationToken cancellationToken)
    {
        var problems = new List<AuditProblem>();
        var suspects = new List<AuditEntry>();

        // Where each stored hash sits (first 8 bytes of the hash are enough to find a record's original predecessor).
        var positions = new Dictionary<ulong, long> { [Key(state.AnchorHash)] = state.AnchorSequence };
        var expected = state.AnchorSequence + 1;
        var previousHash = state.AnchorHash;
        var previousBad = false;
        long count = 0;
        await foreach (var entry in store.ReadChainAsync(state.Chain, cancellationToken))
        {
            if (entry.Sequence <= state.AnchorSequence)
            {
                continue;
            }

            count++;
            positions.TryAdd(Key(entry.Hash), entry.Sequence);
            var bad = false;
            if (entry.Sequence > expected)
            {
                Add(problems, new AuditProblem(state.Chain, expected, AuditProblemKind.Missing, null,
                    entry.Sequence == expected + 1 ? $"record {expected} was removed" : $"records {expected} to {entry.Sequence - 1} were removed"));
                bad = true;
            }

            if (hasher.Compute(state.Chain, entry.Sequence, entry.PreviousHash, entry.Record) != entry.Hash)
            {
                suspects.Add(entry);
                bad = true;
            }
            else if (!bad && !previousBad && entry.PreviousHash != previousHash)
            {
                Add(problems, new AuditProblem(state.Chain, entry.Sequence, AuditProblemKind.Unlinked, entry.Record.EventId,
                    $"the record before it is not the one it was written after (record {entry.Sequence - 1} was replaced)"));
                bad = true;
            }

            previousBad = bad;
            previousHash = entry.Hash;
            expected = entry.Sequence + 1;
        }

        if (state.HeadSequence >= expected)
        {
            Add(problems, new AuditProblem(state.Chain, expected, AuditProblemKind.Missing, null,
                state.HeadSequence == expected ? $"the last record ({expected}) was removed" : $"the last records ({expected} to {state.HeadSequence}) were removed"));
        }

        foreach (var suspect in suspects)
        {
            Add(problems, Explain(state.Chain, suspect, positions));
        }

        problems.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return (count, problems);
    }

    /// <summary>A record whose hash fails is intact but moved if it hashes right at the place after its original predecessor.</summary>
    private AuditProblem Explain(string chain, AuditEntry entry, Dictionary<ulong, long> positions)
    {
        if (positions.TryGetValue(Key(entry.PreviousHash), out var predecessor)
            && predecessor + 1 != entry.Sequence
            && hasher.Compute(chain, predecessor + 1, entry.PreviousHash, entry.Record) == entry.Hash)
        {
            return new AuditProblem(chain, entry.Sequence, AuditProblemKind.Reordered, entry.Record.EventId,
                $"the record written as number {predecessor + 1} is stored as number {entry.Sequence}");
        }

        return new AuditProblem(chain, entry.Sequence, AuditProblemKind.Edited, entry.Record.EventId, "its fields do not match its hash");
    }

    private static void Add(List<AuditProblem> problems, AuditProblem problem)
    {
        if (problems.Count < MaxProblemsPerChain)
        {
            problems.Add(problem);
        }
    }

    private static ulong Key(string hash) =>
        hash.Length >= 16 && ulong.TryParse(hash.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, null, out var key) ? key : 0;
}
