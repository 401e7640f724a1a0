using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Core.Audit;

/// <summary>
/// The chain hash of a record: SHA-256 (HMAC-SHA256 when a key is configured) over a fixed, length-prefixed encoding
/// of the format version, chain, sequence, previous hash and every field of the normalized record. Changing any field,
/// the record's place (sequence) or its predecessor changes the hash.
/// </summary>
public sealed class AuditHasher(byte[]? key = null)
{
    private const string Format = "mcpgw-audit-v1";

    public bool IsKeyed => key is not null;

    public string Compute(string chain, long sequence, string previousHash, AuditRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        Text(buffer, Format);
        Text(buffer, chain);
        Number(buffer, sequence);
        Text(buffer, previousHash);
        Text(buffer, record.EventId);
        Number(buffer, AuditTime.ToMicroseconds(record.Time));
        Text(buffer, record.RequestId);
        Text(buffer, record.CorrelationId);
        Text(buffer, record.TraceId);
        Text(buffer, record.UserId);
        Text(buffer, record.Tenant);
        Number(buffer, record.Roles.Count);
        foreach (var role in record.Roles)
        {
            Text(buffer, role);
        }

        Text(buffer, record.Client);
        Text(buffer, record.Endpoint);
        Text(buffer, record.Scope);
        Text(buffer, record.Method);
        Text(buffer, record.Name);
        Text(buffer, record.Backend);
        Text(buffer, record.Decision);
        Text(buffer, record.RuleId);
        Text(buffer, record.PolicyVersion);
        Text(buffer, record.Outcome);
        Text(buffer, record.ErrorKind);
        Text(buffer, record.Reason);
        Number(buffer, AuditTime.LatencyMicroseconds(record.LatencyMs));
        Number(buffer, record.RequestBytes);
        Number(buffer, record.ResponseBytes);
        Text(buffer, record.ArgumentsDigest);
        Text(buffer, record.Arguments);

        Span<byte> hash = stackalloc byte[32];
        if (key is null)
        {
            SHA256.HashData(buffer.WrittenSpan, hash);
        }
        else
        {
            HMACSHA256.HashData(key, buffer.WrittenSpan, hash);
        }

        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Seals records in order after a chain head: each gets the next sequence and links to the one before.</summary>
    public List<AuditEntry> Seal(string chain, long headSequence, string headHash, IEnumerable<AuditRecord> records)
    {
        var entries = new List<AuditEntry>();
        var sequence = headSequence;
        var previous = headHash;
        foreach (var record in records)
        {
            sequence++;
            var hash = Compute(chain, sequence, previous, record);
            entries.Add(new AuditEntry(0, chain, sequence, previous, hash, record));
            previous = hash;
        }

        return entries;
    }

    /// <summary>A null is -1; text is its UTF-8 length (4 bytes, big-endian) then its bytes.</summary>
    private static void Text(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
            buffer.Advance(4);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }

    private static void Number(ArrayBufferWriter<byte> buffer, long value) =>
        Text(buffer, value.ToString(CultureInfo.InvariantCulture));
}
