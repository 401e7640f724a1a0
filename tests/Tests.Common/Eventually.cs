using System.Diagnostics;

namespace McpGateway.Tests.Common;

/// <summary>
/// Waits for a condition with a deadline instead of sleeping: the condition is checked at once, then every
/// <see cref="Interval"/> until it holds or the deadline passes, when the wait fails with what was awaited and the last
/// value seen. Tests never assert on timing; the deadline only bounds a wait that should end much sooner.
/// </summary>
public static class Eventually
{
    /// <summary>The deadline when none is given: long enough for a loaded two-core machine, short enough to fail a hung test.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two checks.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; fails with "<paramref name="what"/>" (and <paramref name="details"/>,
    /// e.g. the state or the output of the processes involved) when it does not within <paramref name="timeout"/>. An
    /// exception thrown by the condition ends the wait at once.
    /// </summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? details = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, details);

    /// <inheritdoc cref="UntilAsync(Func{bool}, string, TimeSpan?, Func{string}?)"/>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? details = null)
    {
        try
        {
            await ValueAsync(condition, held => held, what, timeout);
        }
        catch (TimeoutException timedOut) when (details is not null)
        {
            throw new TimeoutException(timedOut.Message + Environment.NewLine + details(), timedOut);
        }
    }

    /// <summary>
    /// Reads <paramref name="probe"/> until its value is <paramref name="accepted"/> and returns that value; fails with
    /// "<paramref name="what"/>" and the last value (or the last exception <paramref name="retryOn"/> let through) when the
    /// deadline passes.
    /// </summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> accepted, string what, TimeSpan? timeout = null, Func<Exception, bool>? retryOn = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var last = "nothing (not checked yet)";
        while (true)
        {
            try
            {
                var value = await probe();
                if (accepted(value))
                {
                    return value;
                }

                last = Describe(value);
            }
            catch (Exception exception) when (retryOn?.Invoke(exception) == true)
            {
                last = exception.GetType().Name + ": " + exception.Message;
            }

            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}; last seen: {last}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Reads <paramref name="probe"/> until its value is <paramref name="accepted"/> (a synchronous probe).</summary>
    public static Task<T> ValueAsync<T>(Func<T> probe, Func<T, bool> accepted, string what, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(probe()), accepted, what, timeout);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        bool held => held ? "true" : "false (the condition did not hold)",
        string text => text,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>()) + "]",
        _ => value.ToString() ?? "null",
    };
}
