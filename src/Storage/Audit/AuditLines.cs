using System.Buffers;
using System.Text.Json;
using McpGateway.Core.Audit;
using McpGateway.Core.Protocol;

namespace McpGateway.Storage.Audit;

/// <summary>Audit records as JSON lines (one record per line, <see cref="AuditJson"/>): the spool's files and the journal.</summary>
internal static class AuditLines
{
    /// <summary>The records, each as one line ending in a newline.</summary>
    public static byte[] Write(IReadOnlyList<AuditRecord> records) =>
        JsonBytes.Build(records, static (buffer, records) =>
        {
            using var writer = new Utf8JsonWriter(buffer);
            foreach (var record in records)
            {
                JsonSerializer.Serialize(writer, record, AuditJson.Default.AuditRecord);
                buffer.Write("\n"u8);
                writer.Reset(buffer);
            }
        });

    /// <summary>
    /// The records of the complete lines of <paramref name="text"/>, at most <paramref name="max"/>; empty lines are
    /// skipped and text after the last newline (a line cut short) is left. <paramref name="used"/>: the bytes read.
    /// </summary>
    public static List<AuditRecord> Read(ReadOnlySpan<byte> text, int max, out int used)
    {
        var records = new List<AuditRecord>();
        used = 0;
        while (records.Count < max && text[used..].IndexOf((byte)'\n') is var newline and >= 0)
        {
            var line = text.Slice(used, newline);
            used += newline + 1;
            if (!line.IsEmpty)
            {
                records.Add(JsonSerializer.Deserialize(line, AuditJson.Default.AuditRecord)!);
            }
        }

        return records;
    }
}
