using System.Numerics;

namespace McpGateway.Tools.Calculator.Numbers;

/// <summary>Square roots correctly rounded (half-even) to a number of significant digits.</summary>
public static class ExactSqrt
{
    /// <summary>√<paramref name="value"/> rounded to <paramref name="precision"/> significant digits.</summary>
    public static RoundedDecimal Sqrt(ExactNumber value, int precision)
    {
        if (value.Sign < 0)
        {
            throw new CalculationException("The square root of a negative number is not a real number.");
        }

        if (value.Sign == 0)
        {
            return new RoundedDecimal(BigInteger.Zero, 0, true);
        }

        // √value ≈ 10^(e/2): scale by 10^(2k) so that the integer root has at least precision + 3 digits.
        var exponent = DecimalRounding.DecimalExponent(value);
        var k = precision + 3 - (exponent / 2) + 1;
        var numerator = value.Numerator;
        var denominator = value.Denominator;
        if (k >= 0)
        {
            numerator *= BigInteger.Pow(10, 2 * k);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -2 * k);
        }

        var root = IntegerSqrt(BigInteger.Divide(numerator, denominator));
        var exact = root * root * denominator == numerator;
        // The true root lies in [root, root + 1); when it is not exact, root + 1/2 is on the same side of every rounding
        // boundary (those are multiples of 5 in this scale, far above the last digit), so it rounds the same way.
        var approximation = exact
            ? ExactNumber.FromInteger(root)
            : ExactNumber.FromFraction(root * 2 + 1, 2);
        var scaled = approximation * (k >= 0
            ? ExactNumber.FromFraction(BigInteger.One, BigInteger.Pow(10, k))
            : ExactNumber.FromInteger(BigInteger.Pow(10, -k)));
        var rounded = DecimalRounding.ToSignificantDigits(scaled, precision);
        return rounded with { Exact = rounded.Exact && exact };
    }

    /// <summary>⌊√n⌋ for n ≥ 0 (Newton's method from an estimate above the root).</summary>
    public static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n));
        }

        if (n < 2)
        {
            return n;
        }

        var bits = (int)n.GetBitLength();
        var x = BigInteger.One << ((bits + 1) / 2);
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }
}
