using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using McpGateway.Tools.Calculator.Numbers;
using McpGateway.Tools.Calculator.Statistics;
using McpGateway.Tools.Calculator.Units;
using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Calculator;

/// <summary>The calculator's tools: <c>exact_calculate</c>, <c>calculate_statistics</c>, <c>convert_units</c>.</summary>
public static class CalculatorTools
{
    /// <summary>Most operands of one <c>add</c> or <c>multiply</c>.</summary>
    public const int MaxOperands = 100;

    /// <summary>Most values of one <c>calculate_statistics</c>.</summary>
    public const int MaxValues = 10_000;

    /// <summary>Most percentiles asked at once.</summary>
    public const int MaxPercentiles = 100;

    /// <summary>Largest |exponent| of <c>power</c>.</summary>
    public const int MaxPowerExponent = 100_000;

    private static readonly string[] DefaultPercentiles = ["25", "50", "75", "90", "95", "99"];

    [McpServerTool(Name = "exact_calculate", Title = "Exact calculation", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(CalculationResult))]
    [Description("Exact decimal arithmetic on numbers written as decimal strings (never binary floating point: 0.1 + 0.2 is 0.3). "
        + "Operators: add and multiply (1 to 100 operands), subtract, divide, mod (remainder with the dividend's sign) and power "
        + "(an integer exponent) with 2, sqrt and abs with 1, round with 1 or 2 (the number of decimal places, default 0). "
        + "The result is rounded half-even (ties to the even digit) to `precision` significant digits; `exact` says whether "
        + "rounding changed it. Operands: at most 1000 significant digits, exponents within ±1000.")]
    public static CallToolResult ExactCalculate(
        RequestContext<CallToolRequestParams> context,
        [Description("The operation.")]
        [AllowedValues("add", "subtract", "multiply", "divide", "power", "sqrt", "mod", "abs", "round")] string @operator,
        [Description("The operands as decimal strings, e.g. [\"1.2\", \"2.3\"] or [\"2\", \"-3\"] (power: base then integer exponent).")]
        [Length(1, MaxOperands)] string[] operands,
        [Description("Significant digits of the result (1 to 1000), rounded half-even.")]
        [Range(1, DecimalRounding.MaxPrecision)] int precision = DecimalRounding.DefaultPrecision)
    {
        Log(context, "exact_calculate");
        var digits = DecimalRounding.CheckPrecision(precision);
        var rounded = Calculate(@operator, operands ?? [], digits);
        var result = new CalculationResult(rounded.ToString(), rounded.Exact, digits, DecimalRounding.Mode);
        return Result(result.Result, JsonSerializer.SerializeToElement(result, CalculatorJsonContext.Default.CalculationResult));
    }

    [McpServerTool(Name = "calculate_statistics", Title = "Descriptive statistics", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(StatisticsResult))]
    [Description("Descriptive statistics of decimal strings, computed exactly and rounded half-even to `precision` significant digits: "
        + "count, sum, mean, median, mode (the most frequent values; empty when none repeats), sample and population variance and "
        + "standard deviation (the sample ones are null for a single value), min, max, range and percentiles (linear interpolation "
        + "between closest ranks, as PERCENTILE.INC; default 25, 50, 75, 90, 95, 99). At most 10000 values.")]
    public static CallToolResult CalculateStatistics(
        RequestContext<CallToolRequestParams> context,
        [Description("The numbers as decimal strings.")][Length(1, MaxValues)] string[] values,
        [Description("Percentiles to report, each a decimal string between 0 and 100 (default 25, 50, 75, 90, 95, 99).")]
        [Length(0, MaxPercentiles)] string[]? percentiles = null,
        [Description("Significant digits of each result (1 to 1000), rounded half-even.")]
        [Range(1, DecimalRounding.MaxPrecision)] int precision = DecimalRounding.DefaultPrecision)
    {
        Log(context, "calculate_statistics");
        var digits = DecimalRounding.CheckPrecision(precision);
        if (values is null || values.Length is 0 or > MaxValues)
        {
            throw new CalculationException($"values must hold 1 to {MaxValues} numbers.");
        }

        if (percentiles is { Length: > MaxPercentiles })
        {
            throw new CalculationException($"At most {MaxPercentiles} percentiles may be asked at once.");
        }

        var numbers = ParseAll(values, "value");
        var statistics = new DescriptiveStatistics(numbers);
        string Round(ExactNumber value) => DecimalRounding.ToSignificantDigits(value, digits).ToString();
        string? RoundSqrt(ExactNumber? value) => value is { } v ? ExactSqrt.Sqrt(v, digits).ToString() : null;

        var asked = percentiles ?? DefaultPercentiles;
        var percentileResults = asked.Select((p, i) =>
        {
            var percent = Parse(p, $"percentile {i + 1}");
            return new PercentileResult(DecimalRounding.ToSignificantDigits(percent, digits).ToString(), Round(statistics.Percentile(percent)));
        }).ToArray();

        var result = new StatisticsResult(
            statistics.Count,
            Round(statistics.Sum),
            Round(statistics.Mean),
            Round(statistics.Median),
            [.. statistics.Modes().Select(Round)],
            statistics.SampleVariance is { } sample ? Round(sample) : null,
            Round(statistics.PopulationVariance),
            RoundSqrt(statistics.SampleVariance),
            ExactSqrt.Sqrt(statistics.PopulationVariance, digits).ToString(),
            Round(statistics.Min),
            Round(statistics.Max),
            Round(statistics.Max - statistics.Min),
            percentileResults,
            digits,
            DecimalRounding.Mode);
        var structured = JsonSerializer.SerializeToElement(result, CalculatorJsonContext.Default.StatisticsResult);
        return Result(structured.GetRawText(), structured);
    }

    [McpServerTool(Name = "convert_units", Title = "Unit conversion", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(ConversionResult))]
    [Description("Converts a decimal string between units of the same quantity with exact factors (international inch, foot, "
        + "yard, mile and pound; US customary and imperial volumes; IEC binary prefixes), rounded half-even to `precision` "
        + "significant digits. Quantities: length, mass, volume, area, temperature (K, C, F, R), time, speed, data size, energy, "
        + "pressure. The unit ids are the `enum` of `from` and `to` (e.g. km, mi, lb, kg, C, F, km/h, MiB, kWh, psi).")]
    public static CallToolResult ConvertUnits(
        RequestContext<CallToolRequestParams> context,
        [Description("The value to convert, as a decimal string.")] string value,
        [Description("The unit of `value`.")] string from,
        [Description("The unit to convert to (of the same quantity).")] string to,
        [Description("Significant digits of the result (1 to 1000), rounded half-even.")]
        [Range(1, DecimalRounding.MaxPrecision)] int precision = DecimalRounding.DefaultPrecision)
    {
        Log(context, "convert_units");
        var digits = DecimalRounding.CheckPrecision(precision);
        var number = Parse(value, "value");
        var source = Unit(from, "from");
        var target = Unit(to, "to");
        if (!string.Equals(source.Quantity, target.Quantity, StringComparison.Ordinal))
        {
            throw new CalculationException($"Cannot convert {source.Quantity} ({source.Id}) to {target.Quantity} ({target.Id}).");
        }

        var rounded = DecimalRounding.ToSignificantDigits(target.FromBase(source.ToBase(number)), digits);
        var result = new ConversionResult(rounded.ToString(), source.Id, target.Id, source.Quantity, rounded.Exact, digits, DecimalRounding.Mode);
        return Result($"{result.Result} {target.Id}", JsonSerializer.SerializeToElement(result, CalculatorJsonContext.Default.ConversionResult));
    }

    /// <summary>One <c>exact_calculate</c> operation, rounded to <paramref name="precision"/> significant digits.</summary>
    public static RoundedDecimal Calculate(string? @operator, IReadOnlyList<string> operands, int precision)
    {
        var numbers = ParseAll(operands, "operand");
        switch (@operator)
        {
            case "add":
                return Round(Fold(numbers, @operator, (a, b) => a + b), precision);
            case "multiply":
                return Round(Fold(numbers, @operator, (a, b) => a * b), precision);
            case "subtract":
                Arity(@operator, numbers, 2);
                return Round(numbers[0] - numbers[1], precision);
            case "divide":
                Arity(@operator, numbers, 2);
                return Round(numbers[0] / numbers[1], precision);
            case "mod":
                Arity(@operator, numbers, 2);
                return Round(numbers[0].Remainder(numbers[1]), precision);
            case "power":
                Arity(@operator, numbers, 2);
                return Round(numbers[0].Pow(IntegerArgument(numbers[1], "The exponent", MaxPowerExponent)), precision);
            case "sqrt":
                Arity(@operator, numbers, 1);
                return ExactSqrt.Sqrt(numbers[0], precision);
            case "abs":
                Arity(@operator, numbers, 1);
                return Round(numbers[0].Abs(), precision);
            case "round":
                if (numbers.Count is < 1 or > 2)
                {
                    throw new CalculationException("round takes 1 or 2 operands: the number and the decimal places (default 0).");
                }

                var places = numbers.Count == 2 ? IntegerArgument(numbers[1], "The number of decimal places", ExactNumber.MaxOperandDigits) : 0;
                var atPlaces = DecimalRounding.ToScale(numbers[0], places);
                var rounded = DecimalRounding.ToSignificantDigits(DecimalRounding.ToExact(atPlaces), precision);
                return rounded with { Exact = rounded.Exact && atPlaces.Exact };
            default:
                throw new CalculationException(
                    $"Unknown operator '{@operator}': use add, subtract, multiply, divide, power, sqrt, mod, abs or round.");
        }
    }

    private static ExactNumber Fold(IReadOnlyList<ExactNumber> numbers, string @operator, Func<ExactNumber, ExactNumber, ExactNumber> step)
    {
        if (numbers.Count is < 1 or > MaxOperands)
        {
            throw new CalculationException($"{@operator} takes 1 to {MaxOperands} operands (got {numbers.Count}).");
        }

        var total = numbers[0];
        for (var i = 1; i < numbers.Count; i++)
        {
            total = step(total, numbers[i]);
        }

        return total;
    }

    private static void Arity(string @operator, IReadOnlyList<ExactNumber> numbers, int expected)
    {
        if (numbers.Count != expected)
        {
            throw new CalculationException($"{@operator} takes {expected} operand{(expected == 1 ? "" : "s")} (got {numbers.Count}).");
        }
    }

    private static int IntegerArgument(ExactNumber value, string what, int maxMagnitude)
    {
        if (!value.IsInteger || BigInteger.Abs(value.Numerator) > maxMagnitude)
        {
            throw new CalculationException($"{what} must be a whole number between -{maxMagnitude} and {maxMagnitude} (got {value}).");
        }

        return (int)value.Numerator;
    }

    private static RoundedDecimal Round(ExactNumber value, int precision) => DecimalRounding.ToSignificantDigits(value, precision);

    private static List<ExactNumber> ParseAll(IReadOnlyList<string> texts, string what)
    {
        if (texts.Count > MaxValues)
        {
            throw new CalculationException($"At most {MaxValues} numbers are allowed (got {texts.Count}).");
        }

        var numbers = new List<ExactNumber>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            numbers.Add(Parse(texts[i], $"{what} {i + 1}"));
        }

        return numbers;
    }

    private static ExactNumber Parse(string? text, string what)
    {
        if (ExactNumber.TryParse(text, out var value, out var error))
        {
            return value;
        }

        var shown = text is null ? "null" : text.Length > 40 ? $"'{text[..40]}…'" : $"'{text}'";
        throw new CalculationException($"{char.ToUpperInvariant(what[0])}{what[1..]} ({shown}) {error}.");
    }

    private static Unit Unit(string? id, string what) => id is not null && UnitCatalog.TryGet(id, out var unit)
        ? unit
        : throw new CalculationException($"Unknown unit '{id}' in {what}; the known units are listed in the tool's input schema.");

    private static CallToolResult Result(string text, JsonElement structured) => new()
    {
        Content = [new TextContentBlock { Text = text }],
        StructuredContent = structured,
    };

    private static void Log(RequestContext<CallToolRequestParams> context, string tool)
    {
        var logger = context.Services?.GetService<ILogger<CalculatorServer.LogCategory>>();
        if (logger is not null)
        {
            CalculatorLog.ToolCalled(logger, tool, ToolCaller.UserId(context.Services));
        }
    }

    /// <summary>Output schema of <c>exact_calculate</c>.</summary>
    public sealed record CalculationResult(
        [property: Description("The result in plain decimal notation, without trailing zeros after the point.")] string Result,
        [property: Description("False when rounding to `precision` significant digits changed the exact value.")] bool Exact,
        [property: Description("The significant digits the result was rounded to.")] int Precision,
        [property: Description("The rounding mode: half_even.")] string Rounding);

    /// <summary>One percentile of <c>calculate_statistics</c>.</summary>
    public sealed record PercentileResult(
        [property: Description("The percentile asked for (0 to 100).")] string Percentile,
        [property: Description("Its value.")] string Value);

    /// <summary>Output schema of <c>calculate_statistics</c>.</summary>
    public sealed record StatisticsResult(
        int Count,
        string Sum,
        string Mean,
        string Median,
        [property: Description("The most frequent values, ascending; empty when no value repeats.")] string[] Mode,
        [property: Description("Sample variance (divides by n - 1); null for a single value.")] string? VarianceSample,
        [property: Description("Population variance (divides by n).")] string VariancePopulation,
        [property: Description("Sample standard deviation; null for a single value.")] string? StddevSample,
        [property: Description("Population standard deviation.")] string StddevPopulation,
        string Min,
        string Max,
        string Range,
        PercentileResult[] Percentiles,
        int Precision,
        string Rounding);

    /// <summary>Output schema of <c>convert_units</c>.</summary>
    public sealed record ConversionResult(
        [property: Description("The converted value.")] string Result,
        string From,
        string To,
        [property: Description("The quantity both units measure.")] string Quantity,
        [property: Description("False when rounding changed the exact value.")] bool Exact,
        int Precision,
        string Rounding);
}
