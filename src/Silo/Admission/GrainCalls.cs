namespace McpGateway.Silo.Admission;

/// <summary>Counts the grain calls a node's admission cache makes (for <c>/metrics</c> and the benchmark's calls per request).</summary>
internal sealed class GrainCalls
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public Task<T> Call<T>(Func<Task<T>> call)
    {
        Interlocked.Increment(ref _count);
        return call();
    }

    public Task Call(Func<Task> call)
    {
        Interlocked.Increment(ref _count);
        return call();
    }
}
