using System.Globalization;

namespace McpGateway.JsonSchema.Formats;

/// <summary>
/// RFC 5893 Bidi rule for labels of a domain name that contains right-to-left characters. Bidi classes are
/// approximated from Unicode blocks and general categories (.NET exposes no Bidi_Class property).
/// </summary>
internal static class BidiRule
{
    private enum BidiClass
    {
        L,
        R,
        AN,
        EN,
        NSM,
        Other,
    }

    public static bool HasRightToLeft(string label) => Classes(label).Any(c => c is BidiClass.R or BidiClass.AN);

    public static bool IsValidLabel(string label)
    {
        var classes = Classes(label);
        if (classes.Count == 0 || classes[0] is not (BidiClass.L or BidiClass.R))
        {
            return false;
        }

        var end = classes.Count - 1;
        while (end > 0 && classes[end] == BidiClass.NSM)
        {
            end--;
        }

        if (classes[0] == BidiClass.R)
        {
            return !classes.Contains(BidiClass.L)
                && classes[end] is BidiClass.R or BidiClass.EN or BidiClass.AN
                && !(classes.Contains(BidiClass.EN) && classes.Contains(BidiClass.AN));
        }

        return !classes.Contains(BidiClass.R) && !classes.Contains(BidiClass.AN) && classes[end] is BidiClass.L or BidiClass.EN;
    }

    private static List<BidiClass> Classes(string label)
    {
        var result = new List<BidiClass>(label.Length);
        for (var i = 0; i < label.Length; i++)
        {
            var cp = char.ConvertToUtf32(label, i);
            if (cp > 0xFFFF)
            {
                i++;
            }

            result.Add(Classify(cp));
        }

        return result;
    }

    private static BidiClass Classify(int cp)
    {
        if (cp is >= '0' and <= '9' or >= 0x06F0 and <= 0x06F9)
        {
            return BidiClass.EN;
        }

        if (cp is >= 0x0660 and <= 0x0669)
        {
            return BidiClass.AN;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return BidiClass.NSM;
        }

        if (cp is >= 0x0590 and <= 0x08FF or >= 0xFB1D and <= 0xFDFF or >= 0xFE70 and <= 0xFEFF or >= 0x10800 and <= 0x10FFF or >= 0x1E800 and <= 0x1EFFF)
        {
            return BidiClass.R;
        }

        return category is UnicodeCategory.LowercaseLetter or UnicodeCategory.UppercaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.SpacingCombiningMark ? BidiClass.L : BidiClass.Other;
    }
}
