using System.Globalization;
using McpGateway.Core.Audit;

namespace McpGateway.Storage.Audit;

/// <summary>
/// The audit spool as files in one folder (<c>&lt;data&gt;/audit-spool/</c>): one file per batch, one JSON record per
/// line. A batch is written to a temporary file, fsync'd, renamed into place and the folder fsync'd, so after a crash a
/// batch file is either complete or absent (left-over temporary files belong to calls never acknowledged and are
/// removed). Files are named by creation order.
/// </summary>
public sealed class FileAuditSpool : IAuditSpool
{
    private const string Extension = ".jsonl";
    private readonly string _folder;
    private readonly Lock _sequenceLock = new();
    private long _records;
    private long _bytes;
    private long _sequence;

    public FileAuditSpool(string folder)
    {
        _folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(_folder);
        foreach (var temporary in Directory.EnumerateFiles(_folder, "*.tmp"))
        {
            File.Delete(temporary);
        }

        foreach (var file in Directory.EnumerateFiles(_folder, "*" + Extension))
        {
            _records += File.ReadLines(file).Count(l => l.Length > 0);
            _bytes += new FileInfo(file).Length;
            _sequence = Math.Max(_sequence, SequenceOf(file));
        }
    }

    public string Folder => _folder;

    public long Records => Interlocked.Read(ref _records);

    public long Bytes => Interlocked.Read(ref _bytes);

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        long sequence;
        lock (_sequenceLock)
        {
            sequence = ++_sequence;
        }

        var name = Path.Combine(_folder, sequence.ToString("D19", CultureInfo.InvariantCulture));
        var bytes = AuditLines.Write(records);
        try
        {
            await using (var file = new FileStream(name + ".tmp", FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(name + ".tmp", name + Extension);
            FolderSync.Flush(_folder);
        }
        catch
        {
            // A full disk leaves no partial file behind (the batch itself is kept by the writer).
            TryDelete(name + ".tmp");
            throw;
        }
        Interlocked.Add(ref _records, records.Count);
        Interlocked.Add(ref _bytes, bytes.Length);
    }

    public async Task<SpooledBatch?> PeekAsync(CancellationToken cancellationToken)
    {
        var oldest = Directory.EnumerateFiles(_folder, "*" + Extension).Order(StringComparer.Ordinal).FirstOrDefault();
        if (oldest is null)
        {
            return null;
        }

        var text = await File.ReadAllBytesAsync(oldest, cancellationToken);
        return new SpooledBatch(oldest, AuditLines.Read(text, int.MaxValue, out _), text.Length);
    }

    public Task RemoveAsync(SpooledBatch batch, CancellationToken cancellationToken)
    {
        File.Delete(batch.Id);
        FolderSync.Flush(_folder);
        Interlocked.Add(ref _records, -batch.Records.Count);
        Interlocked.Add(ref _bytes, -batch.Bytes);
        return Task.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Removed at the next start at the latest.
        }
    }

    private static long SequenceOf(string file) =>
        long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
}
