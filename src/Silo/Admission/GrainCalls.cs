using McpGateway.Core.Traffic;

namespace McpGateway.Silo.Admission;

/// <summary>
/// Makes the grain calls of a node's admission cache: counts them (for <c>/metrics</c> and the benchmark's calls per
/// request) and turns a failure into <see cref="AdmissionUnavailableException"/> (a transient outage, answered 503).
/// </summary>
internal sealed class GrainCalls
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public async Task<T> Call<T>(Func<Task<T>> call)
    {
        Interlocked.Increment(ref _count);
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AdmissionUnavailableException("The traffic grains could not be reached", exception);
        }
    }

    public async Task Call(Func<Task> call)
    {
        Interlocked.Increment(ref _count);
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AdmissionUnavailableException("The traffic grains could not be reached", exception);
        }
    }
}
