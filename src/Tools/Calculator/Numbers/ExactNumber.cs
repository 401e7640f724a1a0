using System.Globalization;
using System.Numerics;

namespace McpGateway.Tools.Calculator.Numbers;

/// <summary>
/// An exact rational number (numerator / denominator, denominator &gt; 0, always reduced). Decimal strings parse to it
/// exactly; add, subtract, multiply, divide and integer powers stay exact; only <see cref="DecimalRounding"/> rounds.
/// </summary>
public readonly struct ExactNumber : IEquatable<ExactNumber>, IComparable<ExactNumber>
{
    /// <summary>Most significant digits an operand may have.</summary>
    public const int MaxOperandDigits = 1000;

    /// <summary>Largest decimal exponent (either sign) an operand may be written with.</summary>
    public const int MaxOperandExponent = 1000;

    /// <summary>Most digits the numerator or denominator of an intermediate result may have.</summary>
    public const int MaxWorkingDigits = 100_000;

    private readonly BigInteger _denominator;

    private ExactNumber(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        _denominator = denominator;
    }

    public BigInteger Numerator { get; }

    /// <summary>Always positive (a default instance is zero: its denominator reads as one).</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    public static ExactNumber Zero => new(BigInteger.Zero, BigInteger.One);

    public static ExactNumber One => new(BigInteger.One, BigInteger.One);

    public int Sign => Numerator.Sign;

    public bool IsInteger => Denominator.IsOne;

    public static ExactNumber FromInteger(BigInteger value) => new(value, BigInteger.One);

    /// <summary>A reduced fraction; throws <see cref="DivideByZeroException"/> for a zero denominator.</summary>
    public static ExactNumber FromFraction(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        CheckSize(numerator, denominator);
        return new ExactNumber(numerator, denominator);
    }

    /// <summary>
    /// Parses a decimal string: optional sign, digits with an optional fraction, an optional exponent
    /// (<c>-12.5</c>, <c>.5</c>, <c>3e-4</c>, <c>+1E6</c>). No spaces, separators, hex, infinities or NaN.
    /// </summary>
    public static bool TryParse(string? text, out ExactNumber value, out string? error)
    {
        value = Zero;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "is empty";
            return false;
        }

        if (text.Length > MaxOperandDigits + MaxOperandDigits / 2)
        {
            error = $"is {text.Length} characters long (at most {MaxOperandDigits} significant digits are allowed)";
            return false;
        }

        var i = 0;
        var negative = false;
        if (text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder(text.Length);
        var fractionDigits = 0;
        var sawDigit = false;
        var sawPoint = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
                sawDigit = true;
                if (sawPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                break;
            }
        }

        if (!sawDigit)
        {
            error = "is not a decimal number";
            return false;
        }

        var exponent = 0;
        if (i < text.Length)
        {
            if (text[i] is not ('e' or 'E') || !int.TryParse(text.AsSpan(i + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || text.Length == i + 1 || text[i + 1] is not ('+' or '-' or (>= '0' and <= '9')))
            {
                error = "is not a decimal number";
                return false;
            }

            if (Math.Abs((long)exponent) > MaxOperandExponent)
            {
                error = $"has the exponent {exponent} (at most {MaxOperandExponent} either way)";
                return false;
            }
        }

        var significant = digits.ToString().TrimStart('0');
        if (significant.TrimEnd('0').Length > MaxOperandDigits)
        {
            error = $"has {significant.TrimEnd('0').Length} significant digits (at most {MaxOperandDigits})";
            return false;
        }

        var mantissa = significant.Length == 0 ? BigInteger.Zero : BigInteger.Parse(significant, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            mantissa = -mantissa;
        }

        var scale = fractionDigits - exponent;
        value = scale >= 0
            ? FromFraction(mantissa, BigInteger.Pow(10, scale))
            : FromFraction(mantissa * BigInteger.Pow(10, -scale), BigInteger.One);
        return true;
    }

    public static ExactNumber operator +(ExactNumber a, ExactNumber b) =>
        FromFraction(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static ExactNumber operator -(ExactNumber a, ExactNumber b) =>
        FromFraction(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static ExactNumber operator -(ExactNumber a) => new(-a.Numerator, a.Denominator);

    public static ExactNumber operator *(ExactNumber a, ExactNumber b) =>
        FromFraction(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Exact quotient; throws <see cref="CalculationException"/> for division by zero.</summary>
    public static ExactNumber operator /(ExactNumber a, ExactNumber b) => b.Sign == 0
        ? throw new CalculationException("Division by zero.")
        : FromFraction(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static bool operator ==(ExactNumber a, ExactNumber b) => a.Equals(b);

    public static bool operator !=(ExactNumber a, ExactNumber b) => !a.Equals(b);

    public static bool operator <(ExactNumber a, ExactNumber b) => a.CompareTo(b) < 0;

    public static bool operator >(ExactNumber a, ExactNumber b) => a.CompareTo(b) > 0;

    public static bool operator <=(ExactNumber a, ExactNumber b) => a.CompareTo(b) <= 0;

    public static bool operator >=(ExactNumber a, ExactNumber b) => a.CompareTo(b) >= 0;

    public ExactNumber Abs() => new(BigInteger.Abs(Numerator), Denominator);

    /// <summary>The integer part, rounded toward zero.</summary>
    public BigInteger Truncate() => BigInteger.Divide(Numerator, Denominator);

    /// <summary>
    /// <c>this - divisor · trunc(this / divisor)</c>: the remainder has the sign of the dividend (as C#'s <c>%</c>).
    /// </summary>
    public ExactNumber Remainder(ExactNumber divisor)
    {
        if (divisor.Sign == 0)
        {
            throw new CalculationException("Division by zero.");
        }

        var quotient = FromInteger((this / divisor).Truncate());
        return this - divisor * quotient;
    }

    /// <summary>An integer power; a negative exponent is the reciprocal's power.</summary>
    public ExactNumber Pow(int exponent)
    {
        if (exponent == 0)
        {
            return One;
        }

        if (Sign == 0)
        {
            return exponent > 0 ? Zero : throw new CalculationException("Division by zero: 0 raised to a negative power.");
        }

        var magnitude = Math.Abs((long)exponent);
        var digits = Math.Max(DigitCount(Numerator), DigitCount(Denominator));
        if (digits > 1 && (digits - 1) * magnitude > MaxWorkingDigits)
        {
            throw new CalculationException(
                $"Too many digits: the exact power would have about {(digits - 1) * magnitude} digits (at most {MaxWorkingDigits}).");
        }

        var numerator = BigInteger.Pow(Numerator, (int)magnitude);
        var denominator = BigInteger.Pow(Denominator, (int)magnitude);
        return exponent > 0 ? FromFraction(numerator, denominator) : FromFraction(denominator, numerator);
    }

    /// <summary>Number of decimal digits of |value| (1 for zero).</summary>
    public static int DigitCount(BigInteger value)
    {
        value = BigInteger.Abs(value);
        if (value.IsZero)
        {
            return 1;
        }

        var estimate = (int)Math.Floor(BigInteger.Log10(value)) + 1;
        // Log10 is a double: correct the estimate by one either way.
        if (BigInteger.Pow(10, estimate - 1) > value)
        {
            estimate--;
        }
        else if (BigInteger.Pow(10, estimate) <= value)
        {
            estimate++;
        }

        return estimate;
    }

    public int CompareTo(ExactNumber other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public bool Equals(ExactNumber other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is ExactNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public override string ToString() => IsInteger
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    private static void CheckSize(BigInteger numerator, BigInteger denominator)
    {
        // Cheap bound first (bytes), exact digit count only near the limit.
        const long maxBytes = (long)(MaxWorkingDigits / 2.408) + 1;
        if (numerator.GetByteCount() > maxBytes || denominator.GetByteCount() > maxBytes)
        {
            throw new CalculationException($"Too many digits: an intermediate result has more than {MaxWorkingDigits} digits.");
        }
    }
}
