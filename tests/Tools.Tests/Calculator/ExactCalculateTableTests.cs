using McpGateway.Tools.Calculator;
using McpGateway.Tools.Calculator.Numbers;

namespace McpGateway.Tools.Tests.Calculator;

/// <summary><c>exact_calculate</c>'s arithmetic against known answers: exactness, half-even rounding, every operator.</summary>
public sealed class ExactCalculateTableTests
{
    [Theory]
    // add: exact decimal sums, never binary floating point
    [InlineData("add", new[] { "1.2", "2.3" }, 28, "3.5", true)]
    [InlineData("add", new[] { "0.1", "0.2" }, 28, "0.3", true)]
    [InlineData("add", new[] { "1", "2", "3", "4" }, 28, "10", true)]
    [InlineData("add", new[] { "-1.5", "1.5" }, 28, "0", true)]
    [InlineData("add", new[] { "1e3", "0.001" }, 28, "1000.001", true)]
    [InlineData("add", new[] { "99999999999999999999999999999999", "1" }, 40, "100000000000000000000000000000000", true)]
    [InlineData("add", new[] { "1.23e2", "4.56E-1" }, 28, "123.456", true)]
    [InlineData("add", new[] { "+.5", "-.25" }, 28, "0.25", true)]
    [InlineData("add", new[] { "0.5" }, 1, "0.5", true)]
    [InlineData("add", new[] { "1.000" }, 28, "1", true)]
    // subtract
    [InlineData("subtract", new[] { "0.3", "0.1" }, 28, "0.2", true)]
    [InlineData("subtract", new[] { "1", "1.0000000001" }, 28, "-0.0000000001", true)]
    [InlineData("subtract", new[] { "-2", "-3" }, 28, "1", true)]
    [InlineData("subtract", new[] { "1e-30", "0" }, 28, "0.000000000000000000000000000001", true)]
    // multiply
    [InlineData("multiply", new[] { "1.1", "1.1" }, 28, "1.21", true)]
    [InlineData("multiply", new[] { "-0.5", "4" }, 28, "-2", true)]
    [InlineData("multiply", new[] { "123456789", "987654321" }, 28, "121932631112635269", true)]
    [InlineData("multiply", new[] { "2", "3", "4" }, 28, "24", true)]
    [InlineData("multiply", new[] { "0.1", "0.1", "0.1" }, 28, "0.001", true)]
    // divide: rounded half-even to the precision
    [InlineData("divide", new[] { "1", "3" }, 28, "0.3333333333333333333333333333", false)]
    [InlineData("divide", new[] { "2", "3" }, 28, "0.6666666666666666666666666667", false)]
    [InlineData("divide", new[] { "1", "8" }, 28, "0.125", true)]
    [InlineData("divide", new[] { "10", "4" }, 28, "2.5", true)]
    [InlineData("divide", new[] { "-7", "2" }, 28, "-3.5", true)]
    [InlineData("divide", new[] { "1", "7" }, 10, "0.1428571429", false)]
    [InlineData("divide", new[] { "22", "7" }, 5, "3.1429", false)]
    [InlineData("divide", new[] { "1", "3" }, 1, "0.3", false)]
    [InlineData("divide", new[] { "100", "3" }, 2, "33", false)]
    [InlineData("divide", new[] { "200", "3" }, 2, "67", false)]
    [InlineData("divide", new[] { "1", "1e-3" }, 28, "1000", true)]
    // half-even ties at the last significant digit
    [InlineData("divide", new[] { "1", "8" }, 2, "0.12", false)]
    [InlineData("divide", new[] { "3", "8" }, 2, "0.38", false)]
    [InlineData("add", new[] { "12.5" }, 2, "12", false)]
    [InlineData("add", new[] { "13.5" }, 2, "14", false)]
    [InlineData("add", new[] { "-12.5" }, 2, "-12", false)]
    [InlineData("add", new[] { "9.5" }, 1, "10", false)]
    [InlineData("add", new[] { "8.5" }, 1, "8", false)]
    [InlineData("add", new[] { "0.0000125" }, 2, "0.000012", false)]
    // power: integer exponents
    [InlineData("power", new[] { "2", "10" }, 28, "1024", true)]
    [InlineData("power", new[] { "2", "-2" }, 28, "0.25", true)]
    [InlineData("power", new[] { "-3", "3" }, 28, "-27", true)]
    [InlineData("power", new[] { "1.5", "2" }, 28, "2.25", true)]
    [InlineData("power", new[] { "10", "30" }, 28, "1000000000000000000000000000000", true)]
    [InlineData("power", new[] { "0", "0" }, 28, "1", true)]
    [InlineData("power", new[] { "2", "100" }, 28, "1267650600228229401496703205000", false)]
    [InlineData("power", new[] { "0.1", "3" }, 28, "0.001", true)]
    // sqrt: correctly rounded
    [InlineData("sqrt", new[] { "16" }, 28, "4", true)]
    [InlineData("sqrt", new[] { "2" }, 28, "1.414213562373095048801688724", false)]
    [InlineData("sqrt", new[] { "0.25" }, 28, "0.5", true)]
    [InlineData("sqrt", new[] { "0" }, 28, "0", true)]
    [InlineData("sqrt", new[] { "1e-4" }, 28, "0.01", true)]
    [InlineData("sqrt", new[] { "3" }, 10, "1.732050808", false)]
    [InlineData("sqrt", new[] { "1e100" }, 28, "100000000000000000000000000000000000000000000000000", true)]
    // mod: the remainder has the dividend's sign
    [InlineData("mod", new[] { "10", "3" }, 28, "1", true)]
    [InlineData("mod", new[] { "-10", "3" }, 28, "-1", true)]
    [InlineData("mod", new[] { "10", "-3" }, 28, "1", true)]
    [InlineData("mod", new[] { "5.5", "2" }, 28, "1.5", true)]
    [InlineData("mod", new[] { "7", "7" }, 28, "0", true)]
    [InlineData("mod", new[] { "0.3", "0.1" }, 28, "0", true)]
    // abs
    [InlineData("abs", new[] { "-3.25" }, 28, "3.25", true)]
    [InlineData("abs", new[] { "0" }, 28, "0", true)]
    // round: to decimal places, half-even (exact decimals, so 2.675 really is a tie)
    [InlineData("round", new[] { "2.5" }, 28, "2", false)]
    [InlineData("round", new[] { "3.5" }, 28, "4", false)]
    [InlineData("round", new[] { "-2.5" }, 28, "-2", false)]
    [InlineData("round", new[] { "2.675", "2" }, 28, "2.68", false)]
    [InlineData("round", new[] { "2.665", "2" }, 28, "2.66", false)]
    [InlineData("round", new[] { "1234.5678", "-2" }, 28, "1200", false)]
    [InlineData("round", new[] { "0.125", "2" }, 28, "0.12", false)]
    [InlineData("round", new[] { "0.135", "2" }, 28, "0.14", false)]
    [InlineData("round", new[] { "7.25", "1" }, 28, "7.2", false)]
    [InlineData("round", new[] { "7", "3" }, 28, "7", true)]
    public void Calculates_exactly_and_rounds_half_even(string op, string[] operands, int precision, string expected, bool exact)
    {
        var result = CalculatorTools.Calculate(op, operands, precision);
        Assert.Equal(expected, result.ToString());
        Assert.Equal(exact, result.Exact);
    }

    [Fact]
    public void Precision_1000_gives_1000_digits()
    {
        var result = CalculatorTools.Calculate("divide", ["1", "3"], 1000);
        Assert.Equal("0." + new string('3', 1000), result.ToString());

        var root = CalculatorTools.Calculate("sqrt", ["2"], 1000).ToString();
        Assert.StartsWith("1.41421356237309504880168872420969807856967187537694", root, StringComparison.Ordinal);
        // The 1000-digit root squared is within one unit of the last place of 2.
        Assert.True(ExactNumber.TryParse(root, out var r, out _));
        var error = (r * r - ExactNumber.FromInteger(2)).Abs();
        Assert.True(ExactNumber.TryParse("3e-999", out var bound, out _));
        Assert.True(error < bound);
    }

    [Theory]
    [InlineData("divide", new[] { "1", "0" }, "Division by zero")]
    [InlineData("mod", new[] { "1", "0" }, "Division by zero")]
    [InlineData("power", new[] { "0", "-1" }, "Division by zero")]
    [InlineData("add", new[] { "1.2.3" }, "is not a decimal number")]
    [InlineData("add", new[] { "abc" }, "is not a decimal number")]
    [InlineData("add", new[] { "" }, "is empty")]
    [InlineData("add", new[] { "1e" }, "is not a decimal number")]
    [InlineData("add", new[] { "0x10" }, "is not a decimal number")]
    [InlineData("add", new[] { " 1" }, "is not a decimal number")]
    [InlineData("add", new[] { "NaN" }, "is not a decimal number")]
    [InlineData("add", new[] { "Infinity" }, "is not a decimal number")]
    [InlineData("add", new[] { "1,5" }, "is not a decimal number")]
    [InlineData("add", new[] { "1e1001" }, "exponent")]
    [InlineData("subtract", new[] { "1" }, "takes 2 operands")]
    [InlineData("sqrt", new[] { "1", "2" }, "takes 1 operand")]
    [InlineData("sqrt", new[] { "-4" }, "negative")]
    [InlineData("power", new[] { "2", "0.5" }, "whole number")]
    [InlineData("power", new[] { "2", "1000001" }, "whole number")]
    [InlineData("power", new[] { "1.01", "99999" }, "Too many digits")]
    [InlineData("power", new[] { "3", "99999" }, "out of range")]
    [InlineData("root", new[] { "4" }, "Unknown operator")]
    [InlineData("round", new[] { "1", "0.5" }, "whole number")]
    public void Refuses_with_a_clear_message(string op, string[] operands, string message)
    {
        var error = Assert.Throws<CalculationException>(() => CalculatorTools.Calculate(op, operands, 28));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_too_many_digits_and_out_of_range_precision()
    {
        var error = Assert.Throws<CalculationException>(() => CalculatorTools.Calculate("add", [new string('7', 1001)], 28));
        Assert.Contains("at most 1000", error.Message, StringComparison.Ordinal);
        Assert.Equal("8", CalculatorTools.Calculate("add", [new string('7', 1000) + "e-999"], 1).ToString());
        Assert.Throws<CalculationException>(() => DecimalRounding.CheckPrecision(0));
        Assert.Throws<CalculationException>(() => DecimalRounding.CheckPrecision(1001));
        Assert.Equal(1000, DecimalRounding.CheckPrecision(1000));
    }
}
