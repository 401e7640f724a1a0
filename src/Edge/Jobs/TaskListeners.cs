using System.Collections.Concurrent;

namespace McpGateway.Edge.Jobs;

/// <summary>The <c>subscriptions/listen</c> streams of this node that asked for a task's status notifications, by task id.</summary>
internal sealed class TaskListeners
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byTask = new(StringComparer.Ordinal);

    /// <summary>The version of each task its listeners saw when they asked (what they are told is what changed after).</summary>
    private readonly ConcurrentDictionary<string, long> _baseline = new(StringComparer.Ordinal);

    public void Add(string taskId, string listenerId, long seenVersion)
    {
        _baseline.AddOrUpdate(taskId, seenVersion, (_, before) => Math.Min(before, seenVersion));
        _byTask.GetOrAdd(taskId, _ => new(StringComparer.Ordinal))[listenerId] = 0;
    }

    /// <summary>The version of the task its listeners already know (null: nobody listens).</summary>
    public long? Baseline(string taskId) => _baseline.TryGetValue(taskId, out var version) ? version : null;

    public void Remove(string taskId, string listenerId)
    {
        if (_byTask.TryGetValue(taskId, out var listeners))
        {
            listeners.TryRemove(listenerId, out _);
            if (listeners.IsEmpty && _byTask.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(taskId, listeners)))
            {
                _baseline.TryRemove(taskId, out _);
            }
        }
    }

    /// <summary>The tasks some stream of this node listens to.</summary>
    public IReadOnlyCollection<string> Tasks() => _byTask.Keys.ToArray();

    public IReadOnlyCollection<string> For(string taskId) => _byTask.TryGetValue(taskId, out var listeners) ? listeners.Keys.ToArray() : [];
}
