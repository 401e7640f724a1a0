using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace McpGateway.JsonSchema.Json;

/// <summary>
/// An exact decimal value of a JSON number: sign × <see cref="Digits"/> × 10^<see cref="Exponent"/>.
/// Normalised (no trailing zeros in <see cref="Digits"/>) so that 1, 1.0 and 10e-1 are identical.
/// Comparisons and <c>multipleOf</c> are exact for every JSON number, however large or precise.
/// </summary>
internal readonly struct JsonNumber : IComparable<JsonNumber>, IEquatable<JsonNumber>
{
    private JsonNumber(bool negative, BigInteger digits, int digitCount, long exponent)
    {
        Negative = negative && !digits.IsZero;
        Digits = digits;
        DigitCount = digitCount;
        Exponent = digits.IsZero ? 0 : exponent;
    }

    public bool Negative { get; }

    /// <summary>Significant digits without trailing zeros (zero for the value 0).</summary>
    public BigInteger Digits { get; }

    /// <summary>Number of decimal digits in <see cref="Digits"/> (0 for zero).</summary>
    public int DigitCount { get; }

    public long Exponent { get; }

    public bool IsZero => Digits.IsZero;

    /// <summary>True when the value has no fractional part (1.0 and 1e3 are integers).</summary>
    public bool IsInteger => Digits.IsZero || Exponent >= 0;

    public static JsonNumber FromElement(JsonElement element)
    {
        if (!TryParse(JsonMarshal.GetRawUtf8Value(element), out var number))
        {
            throw new FormatException("Not a JSON number: " + element.GetRawText());
        }

        return number;
    }

    public static JsonNumber FromInt64(long value)
    {
        var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        TryParse(System.Text.Encoding.ASCII.GetBytes(text), out var number);
        return number;
    }

    /// <summary>Parses JSON number text (UTF-8). Returns false on anything that is not a JSON number.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out JsonNumber number)
    {
        number = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        Span<byte> digitBuffer = text.Length <= 256 ? stackalloc byte[text.Length] : new byte[text.Length];
        var digitLength = 0;
        long exponent = 0;
        var sawDigit = false;
        var afterPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                sawDigit = true;
                if (digitLength > 0 || c != (byte)'0')
                {
                    digitBuffer[digitLength++] = c;
                }

                if (afterPoint)
                {
                    exponent--;
                }
            }
            else if (c == (byte)'.' && !afterPoint)
            {
                afterPoint = true;
            }
            else
            {
                break;
            }
        }

        if (!sawDigit)
        {
            return false;
        }

        if (i < text.Length)
        {
            if (text[i] is not ((byte)'e' or (byte)'E'))
            {
                return false;
            }

            i++;
            var expNegative = false;
            if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
            {
                expNegative = text[i] == (byte)'-';
                i++;
            }

            long exp = 0;
            var sawExpDigit = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c is < (byte)'0' or > (byte)'9')
                {
                    return false;
                }

                sawExpDigit = true;
                // Clamp: exponents beyond ±10^15 are not meaningful and must not overflow.
                exp = Math.Min(exp * 10 + (c - '0'), 1_000_000_000_000_000L);
            }

            if (!sawExpDigit)
            {
                return false;
            }

            exponent += expNegative ? -exp : exp;
        }

        while (digitLength > 0 && digitBuffer[digitLength - 1] == (byte)'0')
        {
            digitLength--;
            exponent++;
        }

        number = new JsonNumber(negative, ParseDigits(digitBuffer[..digitLength]), digitLength, exponent);
        return true;
    }

    private static BigInteger ParseDigits(ReadOnlySpan<byte> digits)
    {
        if (digits.Length <= 18)
        {
            long value = 0;
            foreach (var d in digits)
            {
                value = value * 10 + (d - '0');
            }

            return new BigInteger(value);
        }

        return BigInteger.Parse(System.Text.Encoding.ASCII.GetString(digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    public int CompareTo(JsonNumber other)
    {
        if (Negative != other.Negative)
        {
            return Negative ? -1 : 1;
        }

        var magnitude = CompareMagnitude(this, other);
        return Negative ? -magnitude : magnitude;
    }

    private static int CompareMagnitude(JsonNumber a, JsonNumber b)
    {
        if (a.IsZero || b.IsZero)
        {
            return a.IsZero ? (b.IsZero ? 0 : -1) : 1;
        }

        // Position of the most significant digit decides unless equal.
        var pa = a.DigitCount + a.Exponent;
        var pb = b.DigitCount + b.Exponent;
        if (pa != pb)
        {
            return pa < pb ? -1 : 1;
        }

        // Same magnitude: align exponents; the difference is bounded by the digit counts.
        if (a.Exponent == b.Exponent)
        {
            return a.Digits.CompareTo(b.Digits);
        }

        return a.Exponent > b.Exponent
            ? (a.Digits * BigInteger.Pow(10, (int)(a.Exponent - b.Exponent))).CompareTo(b.Digits)
            : a.Digits.CompareTo(b.Digits * BigInteger.Pow(10, (int)(b.Exponent - a.Exponent)));
    }

    /// <summary>True when this value divided by <paramref name="divisor"/> is an integer (exact).</summary>
    public bool IsMultipleOf(JsonNumber divisor)
    {
        if (IsZero)
        {
            return true;
        }

        if (divisor.IsZero)
        {
            return false;
        }

        // a = A·10^ea, b = B·10^eb. If ea < eb the quotient needs 10^(eb-ea) | A, impossible since A has no trailing zeros.
        if (Exponent < divisor.Exponent)
        {
            return false;
        }

        var shift = Exponent - divisor.Exponent;
        var mod = divisor.Digits;
        var scale = BigInteger.ModPow(10, shift, mod);
        return BigInteger.Remainder(BigInteger.Remainder(Digits, mod) * scale, mod).IsZero;
    }

    public double ToDouble()
    {
        var text = ToString();
        return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool Equals(JsonNumber other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is JsonNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Negative, Digits, Exponent);

    public override string ToString()
    {
        if (IsZero)
        {
            return "0";
        }

        var digits = Digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = Negative ? "-" : string.Empty;
        if (Exponent >= 0 && Exponent <= 21)
        {
            return sign + digits + new string('0', (int)Exponent);
        }

        if (Exponent < 0 && -Exponent < digits.Length)
        {
            var point = digits.Length + (int)Exponent;
            return sign + digits[..point] + "." + digits[point..];
        }

        if (Exponent < 0 && -Exponent - digits.Length <= 6)
        {
            return sign + "0." + new string('0', (int)(-Exponent - digits.Length)) + digits;
        }

        return sign + digits + "e" + Exponent.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
