using System.Text;

namespace McpGateway.JsonSchema.Formats;

/// <summary>RFC 3492 Punycode, used to check <c>xn--</c> labels of hostnames.</summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    public static bool TryDecode(string input, out string output)
    {
        output = string.Empty;
        var codePoints = new List<int>();
        var basicEnd = input.LastIndexOf('-');
        for (var j = 0; j < Math.Max(basicEnd, 0); j++)
        {
            if (input[j] >= 0x80)
            {
                return false;
            }

            codePoints.Add(input[j]);
        }

        long n = InitialN, i = 0;
        var bias = InitialBias;
        for (var pos = basicEnd > 0 ? basicEnd + 1 : 0; pos < input.Length;)
        {
            var oldI = i;
            long w = 1;
            for (var k = Base; ; k += Base)
            {
                if (pos >= input.Length)
                {
                    return false;
                }

                var digit = DigitValue(input[pos++]);
                if (digit < 0)
                {
                    return false;
                }

                i += digit * w;
                var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                if (digit < t)
                {
                    break;
                }

                w *= Base - t;
                if (i > int.MaxValue || w > int.MaxValue)
                {
                    return false;
                }
            }

            bias = Adapt(i - oldI, codePoints.Count + 1, oldI == 0);
            n += i / (codePoints.Count + 1);
            i %= codePoints.Count + 1;
            if (n > 0x10FFFF || n is >= 0xD800 and <= 0xDFFF)
            {
                return false;
            }

            codePoints.Insert((int)i, (int)n);
            i++;
        }

        var builder = new StringBuilder();
        foreach (var cp in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }

        output = builder.ToString();
        return true;
    }

    public static string Encode(string input)
    {
        var codePoints = new List<int>();
        for (var k = 0; k < input.Length; k++)
        {
            var cp = char.ConvertToUtf32(input, k);
            if (cp > 0xFFFF)
            {
                k++;
            }

            codePoints.Add(cp);
        }

        var output = new StringBuilder();
        foreach (var cp in codePoints.Where(c => c < 0x80))
        {
            output.Append((char)cp);
        }

        var basic = output.Length;
        var handled = basic;
        if (basic > 0)
        {
            output.Append('-');
        }

        int n = InitialN, bias = InitialBias;
        long delta = 0;
        while (handled < codePoints.Count)
        {
            var m = codePoints.Where(c => c >= n).Min();
            delta += (long)(m - n) * (handled + 1);
            n = m;
            foreach (var c in codePoints)
            {
                if (c < n)
                {
                    delta++;
                }
                else if (c == n)
                {
                    var q = delta;
                    for (var k = Base; ; k += Base)
                    {
                        var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                        if (q < t)
                        {
                            break;
                        }

                        output.Append(DigitChar((int)(t + (q - t) % (Base - t))));
                        q = (q - t) / (Base - t);
                    }

                    output.Append(DigitChar((int)q));
                    bias = Adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }

            delta++;
            n++;
        }

        return output.ToString();
    }

    private static int Adapt(long delta, int numPoints, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / numPoints;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }

        return (int)(k + (Base - TMin + 1) * delta / (delta + Skew));
    }

    private static int DigitValue(char c) => c switch
    {
        >= 'a' and <= 'z' => c - 'a',
        >= 'A' and <= 'Z' => c - 'A',
        >= '0' and <= '9' => c - '0' + 26,
        _ => -1,
    };

    private static char DigitChar(int d) => (char)(d < 26 ? 'a' + d : '0' + d - 26);
}
