using System.Globalization;
using McpGateway.Core.Audit;
using Microsoft.Win32.SafeHandles;

namespace McpGateway.Storage.Audit;

/// <summary>
/// The embedded engine's audit journal (<c>&lt;data&gt;/audit-journal.jsonl</c>), the spool the writer writes first
/// (<see cref="AuditOptions.JournalFirst"/>): a batch is appended as one JSON record per line in a single
/// <c>pwrite</c>, and its calls are answered once that returns; the writer's drainer then moves the records into the
/// audit log in batches and the journal is emptied each time the log holds all of it. A write that returned is in the
/// operating system's cache, so it survives the death of the process (not an OS crash or power loss: nothing is
/// fsync'd; <c>GATEWAY_AUDIT_FSYNC=true</c> writes the log directly instead). At start, whatever the journal holds is
/// drained again (event ids make a record the log already holds harmless); a last line without its end (cut by an OS
/// crash, never acknowledged as durable) is dropped. The records appended while the node runs are also kept in memory
/// until drained (at most <see cref="MaxKeptRecords"/>), so the drainer does not read back and parse what it has just
/// written; the file is read only for what the memory does not hold (a journal left by a crash, a long backlog).
/// </summary>
public sealed class AuditJournal : IAuditSpool, IDisposable
{
    /// <summary>Most records handed to the drainer at once.</summary>
    public const int MaxBatch = 1000;

    /// <summary>Most records kept in memory for the drainer; beyond this (the store is down) it reads the file.</summary>
    public const int MaxKeptRecords = 10_000;

    private const int MaxRead = 4 * 1024 * 1024;
    private readonly Lock _lock = new();
    private readonly Queue<Appended> _kept = new();
    private int _keptRecords;
    private readonly long _rotateBytes;
    private SafeFileHandle _file;
    private long _length;
    private long _drained;
    private long _records;

    /// <summary>The journal's file in a data folder.</summary>
    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "audit-journal.jsonl");

    /// <param name="path">The journal's file.</param>
    /// <param name="rotateBytes">
    /// Drained bytes after which the journal is rewritten with only what is not drained yet, when it never runs empty
    /// (under steady load the drainer seldom finds it empty): the file stays about this size at most, plus the backlog.
    /// </param>
    public AuditJournal(string path, long rotateBytes = 1024 * 1024)
    {
        Path = System.IO.Path.GetFullPath(path);
        _rotateBytes = rotateBytes;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.Delete(TemporaryPath);
        _file = Open();
        var length = RandomAccess.GetLength(_file);
        var (records, complete) = CountLines(length);
        if (complete < length)
        {
            RandomAccess.SetLength(_file, complete);
        }

        _length = complete;
        _records = records;
    }

    public string Path { get; }

    public long Records => Interlocked.Read(ref _records);

    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _length - _drained;
            }
        }
    }

    public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var bytes = AuditLines.Write(records);
        lock (_lock)
        {
            try
            {
                RandomAccess.Write(_file, bytes, _length);
            }
            catch
            {
                // A full disk may leave part of the batch behind: cut it, so the next batch starts on a line of its own.
                TryCut(_length);
                throw;
            }

            Keep(new Appended(_length, _length + bytes.Length, [.. records]));
            _length += bytes.Length;
            Interlocked.Add(ref _records, records.Count);
        }

        return Task.CompletedTask;
    }

    public Task<SpooledBatch?> PeekAsync(CancellationToken cancellationToken)
    {
        long start;
        long end;
        lock (_lock)
        {
            (start, end) = (_drained, _length);
            if (start == end)
            {
                return Task.FromResult<SpooledBatch?>(null);
            }

            if (_kept.TryPeek(out var first))
            {
                if (first.Start == start)
                {
                    return Task.FromResult<SpooledBatch?>(KeptBatch());
                }

                // The file holds what comes before the records kept in memory.
                end = first.Start;
            }
        }

        var buffer = new byte[(int)Math.Min(end - start, MaxRead)];
        var read = RandomAccess.Read(_file, buffer, start);
        var records = AuditLines.Read(buffer.AsSpan(0, read), MaxBatch, out var used);
        if (used == 0)
        {
            throw new InvalidDataException($"The audit journal {Path} has a record longer than {MaxRead} bytes at offset {start}.");
        }

        return Task.FromResult<SpooledBatch?>(new SpooledBatch(Id(start, start + used), records, used));
    }

    public Task RemoveAsync(SpooledBatch batch, CancellationToken cancellationToken)
    {
        var (start, end) = Range(batch.Id);
        lock (_lock)
        {
            if (start != _drained)
            {
                throw new InvalidOperationException($"Audit journal batch {batch.Id} is not the oldest (drained up to {_drained}).");
            }

            _drained = end;
            Interlocked.Add(ref _records, -batch.Records.Count);
            while (_kept.TryPeek(out var first) && first.End <= end)
            {
                _keptRecords -= _kept.Dequeue().Records.Length;
            }

            if (_drained == _length)
            {
                // Everything is in the log: the journal starts again from nothing.
                RandomAccess.SetLength(_file, 0);
                _length = 0;
                _drained = 0;
            }
            else if (_drained >= _rotateBytes)
            {
                TryRotate();
            }
        }

        return Task.CompletedTask;
    }

    private string TemporaryPath => Path + ".tmp";

    /// <summary>Keeps an appended batch in memory, unless that would pass the bound: then memory starts again from it.</summary>
    private void Keep(Appended appended)
    {
        if (_keptRecords + appended.Records.Length > MaxKeptRecords)
        {
            _kept.Clear();
            _keptRecords = 0;
        }

        if (appended.Records.Length <= MaxKeptRecords)
        {
            _kept.Enqueue(appended);
            _keptRecords += appended.Records.Length;
        }
    }

    /// <summary>The oldest kept batches, whole, up to <see cref="MaxBatch"/> records (at least one batch). Under the lock.</summary>
    private SpooledBatch KeptBatch()
    {
        var records = new List<AuditRecord>();
        long start = -1;
        long end = 0;
        foreach (var appended in _kept)
        {
            if (records.Count > 0 && records.Count + appended.Records.Length > MaxBatch)
            {
                break;
            }

            start = start < 0 ? appended.Start : start;
            end = appended.End;
            records.AddRange(appended.Records);
        }

        return new SpooledBatch(Id(start, end), records, end - start);
    }

    private SafeFileHandle Open() => File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);

    private void TryRotate()
    {
        try
        {
            Rotate();
        }
        catch (IOException)
        {
            // A full disk: the journal stays as it is (nothing is lost) and the next drained batch tries again.
        }
    }

    /// <summary>
    /// Replaces the journal by a file holding only what is not drained yet (written aside, then renamed over it: a
    /// process that dies meanwhile leaves the old journal, whose drained records the log skips when it is read again).
    /// Called under the lock, by the drainer (no read of the journal runs meanwhile).
    /// </summary>
    private void Rotate()
    {
        var rest = new byte[_length - _drained];
        RandomAccess.Read(_file, rest, _drained);
        using (var next = File.OpenHandle(TemporaryPath, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(next, rest, 0);
        }

        File.Move(TemporaryPath, Path, overwrite: true);
        _file.Dispose();
        _file = Open();
        var shift = _drained;
        var kept = _kept.ToArray();
        _kept.Clear();
        foreach (var appended in kept)
        {
            _kept.Enqueue(appended with { Start = appended.Start - shift, End = appended.End - shift });
        }

        _length = rest.Length;
        _drained = 0;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>
    /// The records of a journal file without changing it (complete lines only; none when there is no file): for a
    /// reader of the log while its node is stopped or killed, e.g. <c>mcpgw audit verify</c>.
    /// </summary>
    public static List<AuditRecord> ReadRecords(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return AuditLines.Read(File.ReadAllBytes(path), int.MaxValue, out _);
    }

    /// <summary>Complete lines (records) and the length they take; anything after the last newline is a cut write.</summary>
    private (long Records, long Complete) CountLines(long length)
    {
        var buffer = new byte[64 * 1024];
        long records = 0;
        long complete = 0;
        for (long offset = 0; offset < length;)
        {
            var read = RandomAccess.Read(_file, buffer, offset);
            if (read == 0)
            {
                break;
            }

            var span = buffer.AsSpan(0, read);
            for (var i = span.IndexOf((byte)'\n'); i >= 0; i = span.IndexOf((byte)'\n'))
            {
                records++;
                complete = offset + i + 1;
                offset += i + 1;
                span = span[(i + 1)..];
            }

            offset += span.Length;
        }

        return (records, complete);
    }

    private void TryCut(long length)
    {
        try
        {
            RandomAccess.SetLength(_file, length);
        }
        catch (IOException)
        {
            // The disk refuses even that: the next start drops the cut line.
        }
    }

    private static string Id(long start, long end) => string.Create(CultureInfo.InvariantCulture, $"{start}-{end}");

    private static (long Start, long End) Range(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return (long.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
    }

    /// <summary>A batch appended while the node runs: where its lines are in the file, and its records.</summary>
    private readonly record struct Appended(long Start, long End, AuditRecord[] Records);
}
