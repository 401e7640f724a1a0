using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.Tools.Docs.Rendering;

/// <summary>
/// What makes two PDFs of the same input byte-identical. PDFsharp writes fixed dates when told (see
/// <see cref="FixedDate"/>) but picks random values for the trailer's <c>/ID</c>, the XMP document and instance ids and the
/// font subset tags (<c>ABCDEF+</c>); each is replaced in place by a value of the same length derived from the input, so
/// the cross-reference offsets stay right.
/// </summary>
public static partial class DeterministicPdf
{
    /// <summary>The date written into every generated document.</summary>
    public static readonly DateTime FixedDate = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static byte[] Normalize(byte[] pdf, byte[] documentId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(documentId.Length, 16);
        // Latin-1 maps each byte to one char, so string indexes are byte offsets.
        var text = Encoding.Latin1.GetString(pdf);

        var hex = Encoding.Latin1.GetBytes(Convert.ToHexString(documentId.AsSpan(0, 16)));
        foreach (Match match in FileId().Matches(text))
        {
            for (var g = 1; g <= 2; g++)
            {
                if (match.Groups[g].Length == hex.Length)
                {
                    hex.CopyTo(pdf, match.Groups[g].Index);
                }
            }
        }

        Replace(pdf, text, Uuid(), documentId, "uuid", value => new Guid(value.AsSpan(0, 16)).ToString("D"));
        Replace(pdf, text, SubsetTag(), documentId, "subset",
            value => new string([.. value.Take(6).Select(b => (char)('A' + (b % 26)))]));
        return pdf;
    }

    /// <summary>Gives each distinct value of group 1 a replacement derived from the input and its order of appearance.</summary>
    private static void Replace(byte[] pdf, string text, Regex pattern, byte[] documentId, string kind, Func<byte[], string> make)
    {
        var replacements = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (Match match in pattern.Matches(text))
        {
            var group = match.Groups[1];
            if (!replacements.TryGetValue(group.Value, out var replacement))
            {
                var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{Convert.ToHexString(documentId)}/{kind}/{replacements.Count}"));
                replacement = Encoding.Latin1.GetBytes(make(seed));
                replacements[group.Value] = replacement;
            }

            if (replacement.Length == group.Length)
            {
                replacement.CopyTo(pdf, group.Index);
            }
        }
    }

    [GeneratedRegex(@"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")]
    private static partial Regex FileId();

    [GeneratedRegex(@"uuid:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"/([A-Z]{6})\+")]
    private static partial Regex SubsetTag();
}
