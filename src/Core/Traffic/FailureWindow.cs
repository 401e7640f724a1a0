namespace McpGateway.Core.Traffic;

/// <summary>Calls and failures over a sliding window, kept in ten slices of a tenth of the window each. Not thread-safe.</summary>
internal sealed class FailureWindow(TimeSpan window)
{
    private const int Slices = 10;
    private readonly long[] _epochs = new long[Slices];
    private readonly int[] _calls = new int[Slices];
    private readonly int[] _failures = new int[Slices];
    private readonly long _sliceTicks = Math.Max(1, window.Ticks / Slices);

    /// <summary>Counts one call and returns the totals over the window.</summary>
    public (int Calls, int Failures) Add(DateTimeOffset now, bool failed)
    {
        var epoch = now.UtcTicks / _sliceTicks;
        var index = (int)(epoch % Slices);
        if (_epochs[index] != epoch)
        {
            _epochs[index] = epoch;
            _calls[index] = 0;
            _failures[index] = 0;
        }

        _calls[index]++;
        if (failed)
        {
            _failures[index]++;
        }

        int calls = 0, failures = 0;
        for (var i = 0; i < Slices; i++)
        {
            if (epoch - _epochs[i] < Slices)
            {
                calls += _calls[i];
                failures += _failures[i];
            }
        }

        return (calls, failures);
    }

    public void Clear()
    {
        Array.Clear(_epochs);
        Array.Clear(_calls);
        Array.Clear(_failures);
    }
}
