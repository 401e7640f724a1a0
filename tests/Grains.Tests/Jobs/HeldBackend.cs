using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Grains.Tests.Jobs;

/// <summary>
/// The backend the job grains' runs reach (the pipeline's dispatch port, in process): a call of <c>wait</c> with
/// argument <c>tag</c> reports progress once, then waits until the test releases its tag or the call is cancelled.
/// What became of every call of a tag is kept in order: <c>running</c>, then <c>done</c> or <c>cancelled</c>.
/// A call of a tag marked <see cref="Deaf"/> ignores its cancellation, as a call in flight on a node killed at once
/// would: the node's runners are stopped, but no report of the call ever reaches its job grain.
/// </summary>
internal sealed class HeldBackend : IBackendDispatcher
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _releases = new();
    private readonly ConcurrentDictionary<string, byte> _deaf = new();

    public ConcurrentDictionary<string, ConcurrentQueue<string>> Calls { get; } = new();

    public void Release(string tag) => Gate(tag).TrySetResult();

    /// <summary>Calls of <paramref name="tag"/> from now on wait for their release only, whatever cancels them.</summary>
    public void Deaf(string tag) => _deaf[tag] = 0;

    public int Count(string tag, string state) => Calls.TryGetValue(tag, out var calls) ? calls.Count(c => c == state) : 0;

    public async ValueTask<BackendResponse> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken)
    {
        var tag = parameters["arguments"]?["tag"]?.GetValue<string>() ?? "";
        var calls = Calls.GetOrAdd(tag, _ => new ConcurrentQueue<string>());
        calls.Enqueue("running");
        if (client?.Notify is { } notify && parameters["_meta"]?["progressToken"] is { } token)
        {
            await notify("notifications/progress", new JsonObject { ["progressToken"] = token.DeepClone(), ["progress"] = 1, ["total"] = 2, ["message"] = "waiting for " + tag });
        }

        try
        {
            await Gate(tag).Task.WaitAsync(_deaf.ContainsKey(tag) ? CancellationToken.None : cancellationToken);
        }
        catch (OperationCanceledException)
        {
            calls.Enqueue("cancelled");
            throw;
        }

        calls.Enqueue("done");
        return BackendResponse.Success(new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "waited for " + tag }) });
    }

    private TaskCompletionSource Gate(string tag) => _releases.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
