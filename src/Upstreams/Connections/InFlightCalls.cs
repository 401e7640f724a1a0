namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Counts the calls using a connection, so that a connection taken out of the pool is disposed only once the calls
/// that were already on it have finished. Once closed, no call enters.
/// </summary>
internal sealed class InFlightCalls
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private bool _closed;

    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return false;
            }

            _count++;
            return true;
        }
    }

    public void Exit()
    {
        lock (_lock)
        {
            if (--_count == 0 && _closed)
            {
                _drained.TrySetResult();
            }
        }
    }

    /// <summary>Lets no new call in; completes when the calls inside have left.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            if (_count == 0)
            {
                _drained.TrySetResult();
            }
        }

        return _drained.Task;
    }
}
