using McpGateway.Core.Traffic;

namespace McpGateway.Silo.Admission;

/// <summary>
/// Makes the grain calls of a node's admission cache: counts them (for <c>/metrics</c> and the benchmark's calls per
/// request), tries a failed call once more (a grain whose activation failed, e.g. on a stale storage connection after
/// a database restart, is activated afresh by the next call) and turns a second failure into
/// <see cref="AdmissionUnavailableException"/> (a transient outage, answered 503).
/// </summary>
internal sealed class GrainCalls
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public async Task<T> Call<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            Interlocked.Increment(ref _count);
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (attempt >= 2)
                {
                    throw new AdmissionUnavailableException("The traffic grains could not be reached", exception);
                }
            }
        }
    }

    public Task Call(Func<Task> call) => Call(async () =>
    {
        await call();
        return true;
    });
}
