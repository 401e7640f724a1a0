using McpGateway.Tools.Calculator.Numbers;
using McpGateway.Tools.Calculator.Statistics;
using McpGateway.Tools.Calculator.Units;

namespace McpGateway.Tools.Tests.Calculator;

/// <summary><c>calculate_statistics</c>' exact statistics and <c>convert_units</c>' exact factors.</summary>
public sealed class StatisticsAndUnitsTests
{
    private static ExactNumber N(string text) => ExactNumber.TryParse(text, out var value, out var error) ? value : throw new ArgumentException(error);

    private static string R(ExactNumber value, int precision = 28) => DecimalRounding.ToSignificantDigits(value, precision).ToString();

    [Fact]
    public void Statistics_are_exact()
    {
        var stats = new DescriptiveStatistics([.. new[] { "2", "4", "4", "4", "5", "5", "7", "9" }.Select(N)]);
        Assert.Equal(8, stats.Count);
        Assert.Equal("40", R(stats.Sum));
        Assert.Equal("5", R(stats.Mean));
        Assert.Equal("4.5", R(stats.Median));
        Assert.Equal(["4"], stats.Modes().Select(m => R(m)));
        Assert.Equal("4", R(stats.PopulationVariance));
        Assert.Equal("2", ExactSqrt.Sqrt(stats.PopulationVariance, 28).ToString());
        Assert.Equal("4.571428571428571428571428571", R(stats.SampleVariance!.Value));
        Assert.Equal("2", R(stats.Min));
        Assert.Equal("9", R(stats.Max));
        Assert.Equal("4", R(stats.Percentile(N("25"))));
        Assert.Equal("5.5", R(stats.Percentile(N("75"))));
        Assert.Equal("7.6", R(stats.Percentile(N("90"))));
        Assert.Equal("9", R(stats.Percentile(N("100"))));
        Assert.Equal("2", R(stats.Percentile(N("0"))));
    }

    [Fact]
    public void Decimal_values_keep_their_exactness_and_edge_cases_are_defined()
    {
        var tenths = new DescriptiveStatistics([N("0.1"), N("0.2"), N("0.3")]);
        Assert.Equal("0.6", R(tenths.Sum));
        Assert.Equal("0.2", R(tenths.Mean));
        Assert.Empty(tenths.Modes());
        Assert.Equal("0.01", R(tenths.SampleVariance!.Value));

        var single = new DescriptiveStatistics([N("-3.5")]);
        Assert.Null(single.SampleVariance);
        Assert.Equal("0", R(single.PopulationVariance));
        Assert.Equal("-3.5", R(single.Median));
        Assert.Equal("-3.5", R(single.Percentile(N("99"))));

        var twoModes = new DescriptiveStatistics([N("1"), N("1"), N("2"), N("2"), N("3")]);
        Assert.Equal(["1", "2"], twoModes.Modes().Select(m => R(m)));

        Assert.Throws<CalculationException>(() => new DescriptiveStatistics([]));
        Assert.Throws<CalculationException>(() => twoModes.Percentile(N("100.1")));
        Assert.Throws<CalculationException>(() => twoModes.Percentile(N("-1")));
    }

    [Theory]
    [InlineData("1", "in", "cm", "2.54")]
    [InlineData("1", "mi", "km", "1.609344")]
    [InlineData("1", "mi", "ft", "5280")]
    [InlineData("1", "lb", "oz", "16")]
    [InlineData("1", "kg", "lb", "2.204622621848775807229738013")]
    [InlineData("100", "C", "F", "212")]
    [InlineData("-40", "F", "C", "-40")]
    [InlineData("0", "K", "C", "-273.15")]
    [InlineData("98.6", "F", "C", "37")]
    [InlineData("0", "C", "R", "491.67")]
    [InlineData("1", "gal", "l", "3.785411784")]
    [InlineData("1", "gal", "floz", "128")]
    [InlineData("1", "imp_gal", "l", "4.54609")]
    [InlineData("90", "km/h", "m/s", "25")]
    [InlineData("1", "kn", "km/h", "1.852")]
    [InlineData("60", "mph", "km/h", "96.56064")]
    [InlineData("1", "GiB", "MiB", "1024")]
    [InlineData("1", "GB", "MB", "1000")]
    [InlineData("1", "B", "bit", "8")]
    [InlineData("100", "Mbit", "MB", "12.5")]
    [InlineData("1", "d", "s", "86400")]
    [InlineData("1", "wk", "h", "168")]
    [InlineData("1", "kWh", "J", "3600000")]
    [InlineData("1", "kcal", "kJ", "4.184")]
    [InlineData("1", "atm", "kPa", "101.325")]
    [InlineData("1", "acre", "ft2", "43560")]
    [InlineData("1", "ha", "m2", "10000")]
    [InlineData("1", "ft3", "in3", "1728")]
    public void Units_convert_with_exact_factors(string value, string from, string to, string expected)
    {
        Assert.True(UnitCatalog.TryGet(from, out var source));
        Assert.True(UnitCatalog.TryGet(to, out var target));
        Assert.Equal(source.Quantity, target.Quantity);
        Assert.Equal(expected, R(target.FromBase(source.ToBase(N(value)))));
    }

    [Fact]
    public void Every_unit_round_trips_exactly_through_its_base()
    {
        var value = N("123.456");
        Assert.All(UnitCatalog.Units, unit => Assert.Equal(value, unit.FromBase(unit.ToBase(value))));
        Assert.Equal(UnitCatalog.Ids.Count, UnitCatalog.Ids.Distinct(StringComparer.Ordinal).Count());
    }
}
