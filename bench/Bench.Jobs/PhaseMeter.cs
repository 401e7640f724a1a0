using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// What a phase cost this process (the bench and the node in it): CPU time from the process, and the PostgreSQL
/// operations every Npgsql client in the process ran (the node's read model, Orleans' grain storage and reminder table
/// through its ADO.NET providers, the raw side): how many, and their summed duration (<c>db.client.operation.duration</c>,
/// one per command or batch: from sending it to its last result).
/// </summary>
internal sealed class PhaseMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _operations;
    private long _microseconds;

    public PhaseMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            Interlocked.Increment(ref _operations);
            Interlocked.Add(ref _microseconds, (long)(seconds * 1_000_000));
        });
        _listener.Start();
    }

    public Mark Now() => new(Interlocked.Read(ref _operations), Interlocked.Read(ref _microseconds), Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());

    /// <summary>Per operation of the phase: database operations, their summed milliseconds, CPU microseconds of this process.</summary>
    public Cost Since(Mark start, int count)
    {
        var end = Now();
        return new Cost(
            count / Stopwatch.GetElapsedTime(start.At, end.At).TotalSeconds,
            (double)(end.Operations - start.Operations) / count,
            (end.Microseconds - start.Microseconds) / 1000.0 / count,
            (end.Cpu - start.Cpu).TotalMicroseconds / count);
    }

    public void Dispose() => _listener.Dispose();

    public readonly record struct Mark(long Operations, long Microseconds, TimeSpan Cpu, long At);
}

/// <summary>A phase: operations per second; per operation, database operations, their milliseconds, and this process's CPU µs.</summary>
internal sealed record Cost(double Rate, double DbOperations, double DbMilliseconds, double CpuMicroseconds);
