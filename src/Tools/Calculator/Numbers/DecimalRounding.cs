using System.Globalization;
using System.Numerics;

namespace McpGateway.Tools.Calculator.Numbers;

/// <summary>A decimal result: <c>Coefficient · 10^-Scale</c>, and whether rounding changed the exact value.</summary>
public readonly record struct RoundedDecimal(BigInteger Coefficient, int Scale, bool Exact)
{
    /// <summary>Plain notation (no exponent), invariant, no trailing zeros after the point: <c>3.5</c>, <c>-0.001</c>, <c>1200</c>.</summary>
    public override string ToString()
    {
        if (Coefficient.IsZero)
        {
            return "0";
        }

        var coefficient = Coefficient;
        var scale = Scale;
        while (scale > 0 && (coefficient % 10).IsZero)
        {
            coefficient /= 10;
            scale--;
        }

        var digits = BigInteger.Abs(coefficient).ToString(CultureInfo.InvariantCulture);
        string text;
        if (scale <= 0)
        {
            text = digits + new string('0', -scale);
        }
        else if (digits.Length > scale)
        {
            text = digits[..^scale] + "." + digits[^scale..];
        }
        else
        {
            text = "0." + new string('0', scale - digits.Length) + digits;
        }

        return coefficient.Sign < 0 ? "-" + text : text;
    }
}

/// <summary>Rounds exact numbers to decimal results, half-even (banker's rounding): ties go to the even digit.</summary>
public static class DecimalRounding
{
    /// <summary>The rounding mode's name as tools report it.</summary>
    public const string Mode = "half_even";

    /// <summary>Default significant digits.</summary>
    public const int DefaultPrecision = 28;

    /// <summary>Most significant digits a caller may ask for.</summary>
    public const int MaxPrecision = 1000;

    /// <summary>Results must lie within 10^-MaxResultExponent … 10^MaxResultExponent in magnitude (or be zero).</summary>
    public const int MaxResultExponent = 10_000;

    /// <summary>Checks a requested precision (1 … <see cref="MaxPrecision"/>).</summary>
    public static int CheckPrecision(int? precision)
    {
        var value = precision ?? DefaultPrecision;
        return value is < 1 or > MaxPrecision
            ? throw new CalculationException($"precision must be between 1 and {MaxPrecision} significant digits (got {value}).")
            : value;
    }

    /// <summary>Rounds <paramref name="value"/> to <paramref name="precision"/> significant digits, half-even.</summary>
    public static RoundedDecimal ToSignificantDigits(ExactNumber value, int precision)
    {
        if (value.Sign == 0)
        {
            return new RoundedDecimal(BigInteger.Zero, 0, true);
        }

        var exponent = DecimalExponent(value);
        if (Math.Abs(exponent) > MaxResultExponent)
        {
            throw new CalculationException($"The result is out of range: its magnitude is about 10^{exponent} (at most 10^{MaxResultExponent} either way).");
        }

        return ToScale(value, precision - 1 - exponent);
    }

    /// <summary>Rounds <paramref name="value"/> to <paramref name="places"/> decimal places (negative: tens, hundreds…), half-even.</summary>
    public static RoundedDecimal ToScale(ExactNumber value, int places)
    {
        var numerator = BigInteger.Abs(value.Numerator);
        var denominator = value.Denominator;
        if (places >= 0)
        {
            numerator *= BigInteger.Pow(10, places);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -places);
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var exact = remainder.IsZero;
        if (!exact)
        {
            var twice = remainder * 2;
            var comparison = twice.CompareTo(denominator);
            if (comparison > 0 || (comparison == 0 && !quotient.IsEven))
            {
                quotient += 1;
            }
        }

        return new RoundedDecimal(value.Sign < 0 ? -quotient : quotient, places, exact);
    }

    /// <summary>The exponent <c>e</c> with <c>10^e ≤ |value| &lt; 10^(e+1)</c>; <paramref name="value"/> is not zero.</summary>
    public static int DecimalExponent(ExactNumber value)
    {
        var numerator = BigInteger.Abs(value.Numerator);
        var denominator = value.Denominator;
        var exponent = ExactNumber.DigitCount(numerator) - ExactNumber.DigitCount(denominator);
        // Now 10^(exponent-1) < |value| < 10^(exponent+1): one comparison settles it.
        var scaledNumerator = exponent >= 0 ? numerator : numerator * BigInteger.Pow(10, -exponent);
        var scaledDenominator = exponent >= 0 ? denominator * BigInteger.Pow(10, exponent) : denominator;
        return scaledNumerator >= scaledDenominator ? exponent : exponent - 1;
    }

    /// <summary>The exact value of a rounded result.</summary>
    public static ExactNumber ToExact(RoundedDecimal rounded) => rounded.Scale >= 0
        ? ExactNumber.FromFraction(rounded.Coefficient, BigInteger.Pow(10, rounded.Scale))
        : ExactNumber.FromInteger(rounded.Coefficient * BigInteger.Pow(10, -rounded.Scale));
}
