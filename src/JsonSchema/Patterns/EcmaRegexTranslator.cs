using System.Globalization;
using System.Text;

namespace McpGateway.JsonSchema.Patterns;

/// <summary>
/// Rewrites an ECMA-262 (unicode mode) regular expression into an equivalent .NET pattern: <c>\d</c>, <c>\w</c>,
/// <c>\b</c> are ASCII-only, <c>\s</c> is ECMAScript's whitespace set, <c>.</c> matches a whole code point but no
/// line terminator, <c>$</c> only matches at the very end, <c>\p{Letter}</c>-style names are mapped, and
/// .NET-only syntax (inline options, atomic groups, <c>\A</c>, <c>\Z</c>, ...) is rejected.
/// </summary>
internal static partial class EcmaRegexTranslator
{
    private const string Digit = "0-9";
    private const string Word = "a-zA-Z0-9_";
    private const string Space = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    private const string NotDigit = @"\x00-\x2f\x3a-\uffff";
    private const string NotWord = @"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\uffff";
    private const string NotSpace = @"\x00-\x08\x0e-\x1f\x21-\x9f\xa1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e\u2060-\u2fff\u3001-\ufefe\uff00-\uffff";
    private const string AnyCodePoint = @"(?:[\ud800-\udbff][\udc00-\udfff]|[^\n\r\u2028\u2029])";
    private const string WordBoundary = "(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))";
    private const string NotWordBoundary = "(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_]))";

    /// <summary>Translates <paramref name="pattern"/>; throws <see cref="FormatException"/> when it is not valid ECMA-262.</summary>
    public static string Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new FormatException("Pattern ends with a lone backslash.");
                }

                i = TranslateEscape(pattern, i + 1, inClass, output);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }
                else if (c == '[')
                {
                    // A literal '[' inside a class; .NET would read "-[" as subtraction, so escape it.
                    output.Append('\\');
                }

                output.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    output.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        output.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        // "[]" matches nothing and "[^]" anything in ECMAScript; .NET would read ']' as a literal.
                        output.Length -= pattern[i] == '^' ? 2 : 1;
                        output.Append(pattern[i] == '^' ? @"[\s\S]" : "(?!)");
                        inClass = false;
                        i++;
                    }

                    break;
                case '.':
                    output.Append(AnyCodePoint);
                    break;
                case '$':
                    output.Append(@"\z");
                    break;
                case '(':
                    i = TranslateGroupStart(pattern, i, output);
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
                    {
                        // Keep a non-BMP character atomic so that a following quantifier applies to all of it.
                        output.Append("(?:").Append(c).Append(pattern[i + 1]).Append(')');
                        i++;
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        if (inClass)
        {
            throw new FormatException("Unterminated character class.");
        }

        return output.ToString();
    }

    private static int TranslateGroupStart(string pattern, int i, StringBuilder output)
    {
        if (i + 1 < pattern.Length && pattern[i + 1] == '?')
        {
            var rest = pattern.AsSpan(i + 2);
            if (rest.StartsWith(":") || rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!"))
            {
                output.Append('(').Append('?');
                return i + 1;
            }

            if (rest.StartsWith("<") && rest.Length > 1 && (char.IsAsciiLetter(rest[1]) || rest[1] is '_' or '$'))
            {
                output.Append("(?");
                return i + 1;
            }

            throw new FormatException("Unsupported group syntax '(?" + (rest.Length > 0 ? rest[0].ToString() : string.Empty) + "'.");
        }

        output.Append('(');
        return i;
    }

    private static int TranslateEscape(string pattern, int i, bool inClass, StringBuilder output)
    {
        var c = pattern[i];
        switch (c)
        {
            case 'd': output.Append(inClass ? Digit : "[" + Digit + "]"); return i;
            case 'D': output.Append(inClass ? NotDigit : "[^" + Digit + "]"); return i;
            case 'w': output.Append(inClass ? Word : "[" + Word + "]"); return i;
            case 'W': output.Append(inClass ? NotWord : "[^" + Word + "]"); return i;
            case 's': output.Append(inClass ? Space : "[" + Space + "]"); return i;
            case 'S': output.Append(inClass ? NotSpace : "[^" + Space + "]"); return i;
            case 'b': output.Append(inClass ? @"\x08" : WordBoundary); return i;
            case 'B':
                if (inClass)
                {
                    throw new FormatException(@"\B is not allowed in a character class.");
                }

                output.Append(NotWordBoundary);
                return i;
            case 't' or 'n' or 'v' or 'f' or 'r':
                output.Append('\\').Append(c);
                return i;
            case '0':
                if (i + 1 < pattern.Length && char.IsAsciiDigit(pattern[i + 1]))
                {
                    throw new FormatException("Octal escapes are not allowed.");
                }

                output.Append(@"\x00");
                return i;
            case 'c':
                if (i + 1 < pattern.Length && char.IsAsciiLetter(pattern[i + 1]))
                {
                    output.Append(@"\c").Append(char.ToUpperInvariant(pattern[i + 1]));
                    return i + 1;
                }

                throw new FormatException(@"Invalid \c escape.");
            case 'x':
                RequireHex(pattern, i + 1, 2);
                output.Append(@"\x").Append(pattern, i + 1, 2);
                return i + 2;
            case 'u':
                return TranslateUnicodeEscape(pattern, i, output);
            case 'p' or 'P':
                return TranslateProperty(pattern, i, inClass, output);
            case 'k':
                output.Append(@"\k");
                return i;
        }

        if (char.IsAsciiDigit(c))
        {
            if (inClass)
            {
                throw new FormatException("Back-references are not allowed in a character class.");
            }

            var end = i;
            while (end < pattern.Length && char.IsAsciiDigit(pattern[end]))
            {
                end++;
            }

            output.Append('\\').Append(pattern, i, end - i);
            return end - 1;
        }

        if (@"^$\.*+?()[]{}|/-".Contains(c))
        {
            output.Append('\\').Append(c);
            return i;
        }

        throw new FormatException($"Invalid escape '\\{c}'.");
    }

    private static int TranslateUnicodeEscape(string pattern, int i, StringBuilder output)
    {
        if (i + 1 < pattern.Length && pattern[i + 1] == '{')
        {
            var close = pattern.IndexOf('}', i + 2);
            if (close < 0 || !int.TryParse(pattern.AsSpan(i + 2, close - i - 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint) || codePoint > 0x10FFFF)
            {
                throw new FormatException(@"Invalid \u{...} escape.");
            }

            AppendCodePoint(codePoint, output);
            return close;
        }

        RequireHex(pattern, i + 1, 4);
        output.Append(@"\u").Append(pattern, i + 1, 4);
        return i + 4;
    }

    private static void AppendCodePoint(int codePoint, StringBuilder output)
    {
        if (codePoint <= 0xFFFF)
        {
            output.Append(@"\u").Append(codePoint.ToString("x4", CultureInfo.InvariantCulture));
            return;
        }

        var text = char.ConvertFromUtf32(codePoint);
        output.Append("(?:").Append(@"\u").Append(((int)text[0]).ToString("x4", CultureInfo.InvariantCulture))
            .Append(@"\u").Append(((int)text[1]).ToString("x4", CultureInfo.InvariantCulture)).Append(')');
    }

    private static void RequireHex(string pattern, int start, int count)
    {
        if (start + count > pattern.Length)
        {
            throw new FormatException("Truncated hexadecimal escape.");
        }

        for (var k = start; k < start + count; k++)
        {
            if (!char.IsAsciiHexDigit(pattern[k]))
            {
                throw new FormatException("Invalid hexadecimal escape.");
            }
        }
    }
}
