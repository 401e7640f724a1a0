using McpGateway.Core.Traffic;

namespace McpGateway.Silo.Admission;

/// <summary>
/// Makes the grain calls of a node's admission cache: counts them (for <c>/metrics</c> and the benchmark's calls per
/// request), gives each call at most <paramref name="timeout"/>, tries a failed call again (a grain on a silo that died
/// is activated on a live one once the cluster has declared that silo dead; a grain whose activation failed, e.g. on a
/// stale storage connection after a database restart, is activated afresh by the next call) for up to three timeouts,
/// then throws <see cref="AdmissionUnavailableException"/> (a transient outage, answered 503).
/// </summary>
internal sealed class GrainCalls(TimeProvider time, TimeSpan timeout)
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public async Task<T> Call<T>(Func<Task<T>> call)
    {
        // A grain on a silo that died answers only once the cluster has declared the silo dead (seconds, see
        // docs/cluster.md); then the next call activates it on a live silo. So a failed call is tried again until three
        // call timeouts have passed.
        var deadline = time.GetUtcNow() + (3 * timeout);
        while (true)
        {
            Interlocked.Increment(ref _count);
            try
            {
                return await call().WaitAsync(timeout, time);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    throw new AdmissionUnavailableException("The traffic grains could not be reached", exception);
                }
            }

            await Task.Delay(RetryPause, time);
        }
    }

    public Task Call(Func<Task> call) => Call(async () =>
    {
        await call();
        return true;
    });
}
