using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGateway.Core.Protocol;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Relay;

/// <summary>
/// Sits between the SDK client and its transport to a backend and sees every message in the order the backend sent
/// it: progress notifications are relayed before the response that follows them (so the last one is never lost),
/// the backend's own requests (sampling, elicitation, roots) are answered through the calling client, and
/// multi-round-trip (<c>input_required</c>) results are resolved with the client or passed to it, all as raw JSON.
/// </summary>
internal sealed class RelayingClientTransport(IClientTransport inner, IRelayTarget target) : IClientTransport
{
    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        new Session(await inner.ConnectAsync(cancellationToken), target, inner.Name);

    private sealed class Session : ITransport
    {
        private readonly ITransport _inner;
        private readonly IRelayTarget _target;
        private readonly Channel<JsonRpcMessage> _messages = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true });
        private readonly ConcurrentDictionary<RequestId, (JsonRpcRequest Request, CallScope.Entry Call)> _calls = new();
        private readonly ConcurrentDictionary<string, RelayedRequest> _serverRequests = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _closed = new();

        private readonly string _backend;

        public Session(ITransport inner, IRelayTarget target, string backend)
        {
            _inner = inner;
            _target = target;
            _backend = backend;
            _ = PumpAsync();
        }

        public string? SessionId => _inner.SessionId;

        public ChannelReader<JsonRpcMessage> MessageReader => _messages.Reader;

        public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
        {
            if (message is JsonRpcRequest request && InputRequiredRelay.AppliesTo(request.Method) && CallScope.Current is { } call)
            {
                _calls[request.Id] = (request, call);
            }

            return _inner.SendMessageAsync(message, cancellationToken);
        }

        private async Task PumpAsync()
        {
            try
            {
                await foreach (var message in _inner.MessageReader.ReadAllAsync(_closed.Token))
                {
                    if (await TakeAsync(message))
                    {
                        continue;
                    }

                    await _messages.Writer.WriteAsync(message, _closed.Token);
                }

                _messages.Writer.TryComplete();
            }
            catch (Exception exception)
            {
                _messages.Writer.TryComplete(exception is OperationCanceledException ? null : exception);
            }
        }

        /// <summary>Handles what the gateway relays itself; false: the SDK client gets the message.</summary>
        private async ValueTask<bool> TakeAsync(JsonRpcMessage message)
        {
            switch (message)
            {
                case JsonRpcNotification { Method: NotificationMethods.ProgressNotification } progress:
                    await _target.OnProgressAsync(progress);
                    return true;
                case JsonRpcNotification { Method: "notifications/message" } log:
                    await _target.OnLogAsync(log);
                    return true;
                case JsonRpcRequest request when ServerRequestRelay.Handles(request.Method):
                    _ = AnswerAsync(request, _target.ServerRequestClient);
                    return true;
                case JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled when Relayed(cancelled) is { } relayed:
                    // The backend gave up on a request it made: the client is told (ClientRequests) before anything
                    // the backend sent next is relayed; the backend gets no answer.
                    await relayed.Cancelled.CancelAsync();
                    await relayed.Done.Task;
                    return true;
                case JsonRpcResponse response when _calls.TryRemove(response.Id, out var call):
                    if (InputRequiredRelay.IsInputRequired(response.Result) && response.Result is JsonObject result)
                    {
                        if (!InputRequiredRelay.ResolvesFor(call.Call.Client))
                        {
                            InputRequiredRelay.Hide(result);
                            return false;
                        }

                        _ = ContinueAsync(call.Request, call.Call, result, round: 1);
                        return true;
                    }

                    return false;
                case JsonRpcError error:
                    _calls.TryRemove(error.Id, out _);
                    return false;
                default:
                    return false;
            }
        }

        /// <summary>The relayed request a backend's <c>notifications/cancelled</c> is about, if any.</summary>
        private RelayedRequest? Relayed(JsonRpcNotification cancelled) =>
            cancelled.Params is JsonObject parameters && parameters["requestId"] is { } requestId
            && _serverRequests.TryRemove(requestId.ToJsonString(), out var relayed)
                ? relayed
                : null;

        private async Task AnswerAsync(JsonRpcRequest request, Core.Pipeline.ClientLink? client)
        {
            var key = JsonSerializer.SerializeToNode(request.Id, McpJsonUtilities.DefaultOptions)!.ToJsonString();
            var relayed = new RelayedRequest(CancellationTokenSource.CreateLinkedTokenSource(_closed.Token));
            _serverRequests[key] = relayed;
            try
            {
                var answer = await ServerRequestRelay.AnswerAsync(request, client, relayed.Cancelled.Token);
                if (_serverRequests.TryRemove(KeyValuePair.Create(key, relayed)))
                {
                    await _inner.SendMessageAsync(answer, _closed.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The backend session ended; nobody is left to answer.
            }
            finally
            {
                relayed.Done.TrySetResult();
            }
        }

        /// <summary>A backend's request being answered by the client: cancelled if the backend gives up on it.</summary>
        private sealed record RelayedRequest(CancellationTokenSource Cancelled)
        {
            public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Answers an input_required result with the client and sends the request again under the same id.</summary>
        private async Task ContinueAsync(JsonRpcRequest request, CallScope.Entry call, JsonObject result, int round)
        {
            try
            {
                var (parameters, failure) = round > InputRequiredRelay.MaxRounds
                    ? (null, InputRequiredRelay.TooManyRounds(_backend))
                    : await InputRequiredRelay.NextRoundAsync(request.Params as JsonObject ?? [], result, call.Client, call.CancellationToken);
                if (failure is not null)
                {
                    await Fail(request.Id, failure.Code ?? -32603, failure.Message);
                    return;
                }

                var retry = new JsonRpcRequest { Id = request.Id, Method = request.Method, Params = parameters, Context = request.Context };
                _calls[retry.Id] = (retry, call);
                await _inner.SendMessageAsync(retry, call.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The call was cancelled: the SDK client has given up on it.
                _calls.TryRemove(request.Id, out _);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or HttpRequestException)
            {
                await Fail(request.Id, -32603, "The backend session ended while the client was asked for input");
            }
        }

        private async Task Fail(RequestId id, int code, string message)
        {
            _calls.TryRemove(id, out _);
            await _messages.Writer.WriteAsync(new JsonRpcError { Id = id, Error = new JsonRpcErrorDetail { Code = code, Message = message } });
        }

        public async ValueTask DisposeAsync()
        {
            await _closed.CancelAsync();
            await _inner.DisposeAsync();
            _messages.Writer.TryComplete();
        }
    }
}
