using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Upstreams.Relay;

/// <summary>
/// A call of a 2026-07-28 client to a stateful backend that asks the client something while serving it (sampling,
/// elicitation, roots). Such a client cannot receive requests: the backend's request is held here and the client gets
/// an <c>input_required</c> result naming it, with this call's token as <c>requestState</c>; the client's retry carries
/// its answers (<c>inputResponses</c>), which go to the waiting backend request, and waits for what comes next (the
/// result, or the next question). The backend's call runs meanwhile on a backend session of its own, bounded by the
/// backend's timeout: a client that never comes back leaves nothing behind.
/// </summary>
internal sealed class HeldCall
{
    private const string TokenPrefix = "mcpgw-held-";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Question> _questions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime;
    private readonly string _userId;
    private readonly string _method;
    private readonly string? _target;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CallNotifier? _roundNotify;
    private Task<JsonNode>? _call;
    private int _nextQuestion;
    private int _rounds;

    public HeldCall(ClientLink client, string method, JsonObject parameters, TimeSpan timeout, CancellationToken stopping)
    {
        Token = TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _userId = client.UserId ?? "";
        _method = method;
        _target = Target(parameters);
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _lifetime.CancelAfter(timeout);
        Link = new ClientLink
        {
            Notify = (notificationMethod, notificationParams) => _roundNotify is { } notify ? notify(notificationMethod, notificationParams) : ValueTask.CompletedTask,
            Ask = AskAsync,
            Capabilities = RelayedClientCapabilities.Intersect(client.Capabilities),
            LogLevel = client.LogLevel,
            UserId = client.UserId,
        };
    }

    /// <summary>The <c>requestState</c> the client sends back; unguessable (256 bits).</summary>
    public string Token { get; }

    /// <summary>How the backend's call reaches the client: its requests are held for the client's next round.</summary>
    public ClientLink Link { get; }

    /// <summary>This call's registration with the cluster (retries posted to other nodes reach it); disposed when it ends.</summary>
    public IDisposable? Routing { get; set; }

    /// <summary>Ends when the call's time is up (the backend's timeout) or the gateway stops.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    public static bool IsToken(JsonNode? state) =>
        state is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith(TokenPrefix, StringComparison.Ordinal);

    /// <summary>Starts the backend's call.</summary>
    public void Start(Func<CancellationToken, Task<JsonNode>> call)
    {
        _call = Task.Run(() => call(_lifetime.Token));
        _ = _call.ContinueWith(_ => Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Whether a retry belongs to this call: the same user, method and tool, prompt or resource.</summary>
    public bool Matches(string? userId, string method, JsonObject parameters) =>
        string.Equals(userId ?? "", _userId, StringComparison.Ordinal) && method == _method && Target(parameters) == _target;

    /// <summary>Delivers the client's answers to the backend's waiting requests; questions it left unanswered are asked again.</summary>
    public void Answer(JsonObject? inputResponses)
    {
        lock (_lock)
        {
            foreach (var (key, question) in _questions.ToList())
            {
                if (inputResponses?[key] is { } answer)
                {
                    _questions.Remove(key);
                    question.Answer.TrySetResult(answer.DeepClone());
                }
                else
                {
                    question.Sent = false;
                }
            }
        }
    }

    /// <summary>
    /// One round for the client: waits until the backend's call ends (its result, or its failure thrown as the SDK threw
    /// it) or the backend asks something (an <c>input_required</c> result). Log messages and progress of the call go to
    /// this round's caller. A call that asked for input too often ends with a protocol failure.
    /// </summary>
    public async Task<(BackendResponse Response, bool Final)> NextAsync(CallNotifier? notify, CancellationToken cancellationToken)
    {
        if (++_rounds > InputRequiredRelay.MaxRounds)
        {
            return (new BackendFailure(BackendFailureKind.Protocol, $"The backend asked for input more than {InputRequiredRelay.MaxRounds} times"), true);
        }

        _roundNotify = notify;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_call!.IsCompleted)
                {
                    return (BackendResponse.Success(_call.GetAwaiter().GetResult()), true);
                }

                var unsent = _questions.Where(q => !q.Value.Sent).ToList();
                if (unsent.Count > 0)
                {
                    var requests = new JsonObject();
                    foreach (var (key, question) in unsent)
                    {
                        question.Sent = true;
                        requests[key] = new JsonObject { ["method"] = question.Method, ["params"] = question.Parameters.DeepClone() };
                    }

                    return (BackendResponse.Success(new JsonObject { ["resultType"] = "input_required", ["inputRequests"] = requests, ["requestState"] = Token }), false);
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(stop.Token);
        }
    }

    private async ValueTask<JsonNode> AskAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        var question = new Question(method, parameters);
        string key;
        lock (_lock)
        {
            key = RelayedClientCapabilities.ByMethod[method] + "-" + (++_nextQuestion).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _questions[key] = question;
        }

        Signal();
        try
        {
            return await question.Answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _questions.Remove(key);
            }
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private static string? Target(JsonObject parameters) =>
        (parameters["name"] ?? parameters["uri"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Ends the call: the backend's request is cancelled if it still runs, any waiting round gives up.</summary>
    public void End() => _lifetime.Cancel();

    private sealed class Question(string method, JsonObject parameters)
    {
        public string Method { get; } = method;

        public JsonObject Parameters { get; } = parameters;

        public TaskCompletionSource<JsonNode> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Sent { get; set; }
    }
}
