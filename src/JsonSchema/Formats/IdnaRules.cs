using System.Globalization;

namespace McpGateway.JsonSchema.Formats;

/// <summary>
/// A practical subset of IDNA2008 (RFC 5891/5892) for U-labels: general-category based PVALID test, the
/// RFC 5892 exception table, and the CONTEXTJ/CONTEXTO rules. The Bidi rule (RFC 5893) is not checked.
/// </summary>
internal static class IdnaRules
{
    private static readonly HashSet<int> ExceptionallyValid = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007];

    private static readonly HashSet<int> ExceptionallyDisallowed =
        [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B];

    private static readonly HashSet<int> Viramas =
    [
        0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B, 0x0D3C, 0x0D4D, 0x0DCA, 0x0E3A, 0x0EBA,
        0x0F84, 0x1039, 0x103A, 0x1714, 0x1734, 0x17D2, 0x1A60, 0x1B44, 0x1BAA, 0x1BAB, 0x1BF2, 0x1BF3, 0x2D7F, 0xA806,
        0xA8C4, 0xA953, 0xA9C0, 0xAAF6, 0xABED, 0x10A3F, 0x11046, 0x1107F, 0x110B9, 0x11133, 0x11134, 0x111C0, 0x11235,
    ];

    public static bool IsValidULabel(string label)
    {
        var cps = CodePoints(label);
        if (cps.Count == 0 || cps[0] == '-' || cps[^1] == '-' || (cps.Count >= 4 && cps[2] == '-' && cps[3] == '-'))
        {
            return false;
        }

        if (CharUnicodeInfo.GetUnicodeCategory(cps[0]) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
        {
            return false;
        }

        for (var i = 0; i < cps.Count; i++)
        {
            if (!IsAllowedAt(cps, i))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowedAt(List<int> cps, int i)
    {
        var cp = cps[i];
        switch (cp)
        {
            case 0x200C: // ZERO WIDTH NON-JOINER
                return (i > 0 && Viramas.Contains(cps[i - 1])) || (i > 0 && i + 1 < cps.Count && IsArabic(cps[i - 1]) && IsArabic(cps[i + 1]));
            case 0x200D: // ZERO WIDTH JOINER
                return i > 0 && Viramas.Contains(cps[i - 1]);
            case 0x00B7: // MIDDLE DOT
                return i > 0 && i + 1 < cps.Count && cps[i - 1] == 'l' && cps[i + 1] == 'l';
            case 0x0375: // GREEK LOWER NUMERAL SIGN (KERAIA)
                return i + 1 < cps.Count && IsGreek(cps[i + 1]);
            case 0x05F3 or 0x05F4: // HEBREW GERESH / GERSHAYIM
                return i > 0 && cps[i - 1] is >= 0x0590 and <= 0x05FF;
            case 0x30FB: // KATAKANA MIDDLE DOT
                return cps.Exists(c => c != 0x30FB && (c is >= 0x3040 and <= 0x30FF || IsHan(c)));
            case >= 0x0660 and <= 0x0669:
                return !cps.Exists(c => c is >= 0x06F0 and <= 0x06F9);
            case >= 0x06F0 and <= 0x06F9:
                return !cps.Exists(c => c is >= 0x0660 and <= 0x0669);
        }

        if (ExceptionallyValid.Contains(cp))
        {
            return true;
        }

        if (ExceptionallyDisallowed.Contains(cp))
        {
            return false;
        }

        if (cp == '-' || cp is >= '0' and <= '9' || cp is >= 'a' and <= 'z')
        {
            return true;
        }

        if (cp < 0x80)
        {
            return false;
        }

        return CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber;
    }

    private static bool IsArabic(int cp) => cp is >= 0x0600 and <= 0x06FF or >= 0x0750 and <= 0x077F;

    private static bool IsGreek(int cp) => cp is >= 0x0370 and <= 0x03FF or >= 0x1F00 and <= 0x1FFF;

    private static bool IsHan(int cp) => cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2FFFF or 0x3005 or 0x3006 or 0x3007;

    private static List<int> CodePoints(string s)
    {
        var result = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else
            {
                result.Add(s[i]);
            }
        }

        return result;
    }
}
