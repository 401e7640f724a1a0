using McpGateway.Tools.Calculator.Numbers;

namespace McpGateway.Tools.Calculator.Statistics;

/// <summary>Exact descriptive statistics of a list of decimal numbers; only the square roots (standard deviations) round.</summary>
public sealed class DescriptiveStatistics
{
    private readonly ExactNumber[] _sorted;

    public DescriptiveStatistics(IReadOnlyList<ExactNumber> values)
    {
        if (values.Count == 0)
        {
            throw new CalculationException("values must hold at least one number.");
        }

        _sorted = [.. values.Order()];
        var sum = ExactNumber.Zero;
        foreach (var value in values)
        {
            sum += value;
        }

        Sum = sum;
        Mean = sum / ExactNumber.FromInteger(values.Count);
        var squares = ExactNumber.Zero;
        foreach (var value in values)
        {
            var deviation = value - Mean;
            squares += deviation * deviation;
        }

        PopulationVariance = squares / ExactNumber.FromInteger(values.Count);
        SampleVariance = values.Count > 1 ? squares / ExactNumber.FromInteger(values.Count - 1) : null;
    }

    public int Count => _sorted.Length;

    public ExactNumber Sum { get; }

    public ExactNumber Mean { get; }

    public ExactNumber Min => _sorted[0];

    public ExactNumber Max => _sorted[^1];

    public ExactNumber Median => Percentile(ExactNumber.FromInteger(50));

    public ExactNumber PopulationVariance { get; }

    /// <summary>Null with a single value (the sample variance divides by n − 1).</summary>
    public ExactNumber? SampleVariance { get; }

    /// <summary>The values occurring most often, ascending; empty when no value occurs more than once.</summary>
    public IReadOnlyList<ExactNumber> Modes()
    {
        var counts = _sorted.GroupBy(v => v).Select(g => (Value: g.Key, Count: g.Count())).ToList();
        var top = counts.Max(c => c.Count);
        return top < 2 ? [] : [.. counts.Where(c => c.Count == top).Select(c => c.Value)];
    }

    /// <summary>
    /// The <paramref name="percent"/>-th percentile (0 … 100) by linear interpolation between closest ranks
    /// (Hyndman-Fan type 7, as spreadsheets' PERCENTILE.INC and NumPy's default): rank h = (n − 1)·p/100.
    /// </summary>
    public ExactNumber Percentile(ExactNumber percent)
    {
        if (percent.Sign < 0 || percent > ExactNumber.FromInteger(100))
        {
            throw new CalculationException($"A percentile must be between 0 and 100 (got {percent}).");
        }

        var rank = ExactNumber.FromInteger(_sorted.Length - 1) * percent / ExactNumber.FromInteger(100);
        var lower = (int)rank.Truncate();
        var fraction = rank - ExactNumber.FromInteger(lower);
        return lower + 1 >= _sorted.Length || fraction.Sign == 0
            ? _sorted[lower]
            : _sorted[lower] + fraction * (_sorted[lower + 1] - _sorted[lower]);
    }
}
