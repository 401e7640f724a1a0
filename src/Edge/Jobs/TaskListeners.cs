using System.Collections.Concurrent;

namespace McpGateway.Edge.Jobs;

/// <summary>The <c>subscriptions/listen</c> streams of this node that asked for a task's status notifications, by task id.</summary>
internal sealed class TaskListeners
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byTask = new(StringComparer.Ordinal);

    public void Add(string taskId, string listenerId) => _byTask.GetOrAdd(taskId, _ => new(StringComparer.Ordinal))[listenerId] = 0;

    public void Remove(string taskId, string listenerId)
    {
        if (_byTask.TryGetValue(taskId, out var listeners))
        {
            listeners.TryRemove(listenerId, out _);
            if (listeners.IsEmpty)
            {
                _byTask.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(taskId, listeners));
            }
        }
    }

    public IReadOnlyCollection<string> For(string taskId) => _byTask.TryGetValue(taskId, out var listeners) ? listeners.Keys.ToArray() : [];
}
