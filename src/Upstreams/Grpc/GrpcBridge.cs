using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Grpc.Core;
using McpGateway.Core.Configuration;
using McpGateway.Core.Identity;
using McpGateway.Core.Protocol;
using McpGateway.Provider.V1;
using McpGateway.Upstreams.Grpc.Events;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Grpc;

/// <summary>
/// One connection to a provider, seen by the SDK client as an MCP session: <c>initialize</c> and the list methods are
/// answered from <c>ListCapabilities</c> (one answer reused for <see cref="CapabilitiesMaxAge"/>, so a discovery round
/// asks once; deadline <c>discovery_timeout_seconds</c>), calls go to <c>Invoke</c>, <c>ReadResource</c> and
/// <c>GetPrompt</c> with the call's deadline and metadata. A provider that cannot be reached (UNAVAILABLE) ends the
/// connection: the pending calls fail at once with "unavailable" and the gateway reconnects with backoff.
/// </summary>
internal sealed partial class GrpcBridge : ITransport
{
    public const string ContractVersion = "1";

    /// <summary>The gateway's resource of a grpc backend's events: <c>mcpgw-events://&lt;backend&gt;</c>.</summary>
    public const string FeedScheme = "mcpgw-events://";
    private static readonly TimeSpan CapabilitiesMaxAge = TimeSpan.FromSeconds(5);

    private readonly BackendConfig _backend;
    private readonly string? _sharedSecret;
    private readonly ProviderEventHub _events;
    private readonly string _feedUri;
    private int _streamStarted;
    private volatile string? _source;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly GrpcChannelPool _pool;
    private readonly ProviderResourceUris _uris;
    private readonly Channel<JsonRpcMessage> _incoming = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _calls = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _capabilitiesLock = new();
    private (Task<Capabilities> Task, DateTimeOffset At)? _capabilities;

    public GrpcBridge(BackendConfig backend, string? sharedSecret, ProviderEventHub events, ILogger logger, TimeProvider time)
    {
        _backend = backend;
        _sharedSecret = sharedSecret;
        _events = events;
        _feedUri = FeedScheme + backend.Name;
        _events.Published += OnPublished;
        _logger = logger;
        _time = time;
        _pool = new GrpcChannelPool(backend);
        _uris = new ProviderResourceUris(backend.Name, backend.Prefix);
    }

    public string? SessionId => null;

    public ChannelReader<JsonRpcMessage> MessageReader => _incoming.Reader;

    private Provider.V1.Provider.ProviderClient Client => new(_pool.Next());

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed.IsCancellationRequested, this);
        switch (message)
        {
            case JsonRpcRequest request:
                var call = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
                _calls[request.Id] = call;
                // The metadata is taken now, in the caller's async flow (correlation id, user id, trace context).
                var metadata = GrpcCallMetadata.Build(_backend.Headers, _sharedSecret);
                _ = AnswerAsync(request, metadata, call);
                break;
            case JsonRpcNotification { Method: NotificationMethods.CancelledNotification, Params: JsonObject parameters }
                when parameters["requestId"] is { } id && RequestIdOf(id) is { } requestId && _calls.TryGetValue(requestId, out var cancelled):
                cancelled.Cancel();
                break;
        }

        return Task.CompletedTask;
    }

    private async Task AnswerAsync(JsonRpcRequest request, Metadata metadata, CancellationTokenSource call)
    {
        try
        {
            var result = await DispatchAsync(request, metadata, call.Token);
            _incoming.Writer.TryWrite(new JsonRpcResponse { Id = request.Id, Result = result });
        }
        catch (RpcException exception) when (GrpcErrors.IsUnavailable(exception) && !_closed.IsCancellationRequested)
        {
            LogUnavailable(_backend.Name, request.Method, exception.Status.Detail);
            Close();
        }
        catch (RpcException exception) when (exception.StatusCode != StatusCode.Cancelled || !call.IsCancellationRequested)
        {
            _incoming.Writer.TryWrite(new JsonRpcError { Id = request.Id, Error = GrpcErrors.ToJsonRpc(exception, request.Method) });
        }
        catch (ProviderAnswerException exception)
        {
            LogBadAnswer(_backend.Name, request.Method, exception.Message);
            _incoming.Writer.TryWrite(new JsonRpcError
            {
                Id = request.Id,
                Error = new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = $"The provider's answer breaks the contract: {exception.Message}" },
            });
        }
        catch (McpProtocolException exception)
        {
            _incoming.Writer.TryWrite(new JsonRpcError { Id = request.Id, Error = new JsonRpcErrorDetail { Code = (int)exception.ErrorCode, Message = exception.Message } });
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException)
        {
            // Cancelled by the client (timeout, notifications/cancelled) or the connection closed: nobody waits for an answer.
        }
        finally
        {
            _calls.TryRemove(request.Id, out _);
            call.Dispose();
        }
    }

    private async Task<JsonNode> DispatchAsync(JsonRpcRequest request, Metadata metadata, CancellationToken cancellationToken)
    {
        var parameters = request.Params as JsonObject ?? [];
        switch (request.Method)
        {
            case RequestMethods.Initialize:
                var provider = await CapabilitiesAsync(metadata, cancellationToken);
                StartStream(provider.Name);
                return Initialize(parameters, provider);
            case RequestMethods.Ping:
                return new JsonObject();
            case RequestMethods.ToolsList:
                return ToolsList(await CapabilitiesAsync(metadata, cancellationToken));
            case RequestMethods.PromptsList:
                return new JsonObject { ["prompts"] = new JsonArray([.. (await CapabilitiesAsync(metadata, cancellationToken)).Prompts.Select(ProviderMapping.Prompt)]) };
            case RequestMethods.ResourcesList:
                var capabilities = await CapabilitiesAsync(metadata, cancellationToken);
                return new JsonObject { ["resources"] = new JsonArray([.. capabilities.Resources.Select(r => ProviderMapping.Resource(r, _uris)), FeedResource()]) };
            case RequestMethods.ResourcesSubscribe or RequestMethods.ResourcesUnsubscribe:
                // Only the event feed announces updates; subscribing to the provider's own resources is accepted and idle.
                return new JsonObject();
            case RequestMethods.ResourcesTemplatesList:
                return new JsonObject { ["resourceTemplates"] = new JsonArray() };
            case RequestMethods.ToolsCall:
                return await InvokeAsync(parameters, metadata, cancellationToken);
            case RequestMethods.ResourcesRead when parameters["uri"] is JsonValue feed && feed.TryGetValue<string>(out var feedUri) && feedUri == _feedUri:
                return ReadFeed();
            case RequestMethods.ResourcesRead:
                return await ReadAsync(parameters, metadata, cancellationToken);
            case RequestMethods.PromptsGet:
                return await GetPromptAsync(parameters, metadata, cancellationToken);
            default:
                throw new McpProtocolException($"Method '{request.Method}' is not available on gRPC providers", McpErrorCode.MethodNotFound);
        }
    }

    private JsonObject FeedResource() => new()
    {
        ["uri"] = _feedUri,
        ["name"] = $"{_backend.Name} events",
        ["description"] = $"The last {ProviderEventHub.FeedLength} events (CloudEvents, JSON) of the provider behind '{_backend.Name}'; subscribe for notifications/resources/updated.",
        ["mimeType"] = "application/json",
    };

    private JsonObject ReadFeed() => new()
    {
        ["contents"] = new JsonArray(new JsonObject
        {
            ["uri"] = _feedUri,
            ["mimeType"] = "application/json",
            ["text"] = (_source is { } source ? _events.Feed(source) : []).ToJsonString(),
        }),
    };

    /// <summary>Opens the provider's Stream once per connection; its events go to the hub (deduplicated there).</summary>
    private void StartStream(string source)
    {
        _source = source.Length > 0 ? source : _backend.Name;
        if (Interlocked.Exchange(ref _streamStarted, 1) == 0)
        {
            _ = ConsumeStreamAsync(GrpcCallMetadata.Build(_backend.Headers, _sharedSecret));
        }
    }

    private async Task ConsumeStreamAsync(Metadata metadata)
    {
        try
        {
            using var call = Client.Stream(new StreamRequest { GatewayId = "mcpgw" }, metadata, cancellationToken: _closed.Token);
            while (await call.ResponseStream.MoveNext(_closed.Token))
            {
                var e = call.ResponseStream.Current;
                _events.Accept(new ProviderEvent(e.Id, e.Source, e.Type, e.Subject, e.Time, e.CorrelationId, e.DataJson, "stream"));
            }
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.Unimplemented)
        {
            LogNoStream(_backend.Name);
        }
        catch (Exception exception) when (exception is RpcException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection closed or the provider went away: the next connection opens the stream again.
        }
    }

    /// <summary>A new event of this provider: the feed resource changed (the gateway relays it to its subscribers).</summary>
    private void OnPublished(string source)
    {
        if (source == _source && !_closed.IsCancellationRequested)
        {
            _incoming.Writer.TryWrite(new JsonRpcNotification
            {
                Method = NotificationMethods.ResourceUpdatedNotification,
                Params = new JsonObject { ["uri"] = _feedUri },
            });
        }
    }

    private static JsonObject Initialize(JsonObject parameters, Capabilities capabilities)
    {
        var requested = parameters["protocolVersion"] is JsonValue value && value.TryGetValue<string>(out var version) ? version : null;
        return new JsonObject
        {
            // A session revision: the bridge keeps no per-request state of its own.
            ["protocolVersion"] = requested is not null && McpRevisions.IsSupported(requested) && !McpRevisions.IsStateless(requested) ? requested : McpRevisions.V2025_11_25,
            ["capabilities"] = new JsonObject { ["tools"] = new JsonObject(), ["resources"] = new JsonObject { ["subscribe"] = true }, ["prompts"] = new JsonObject() },
            ["serverInfo"] = new JsonObject
            {
                ["name"] = capabilities.Name.Length > 0 ? capabilities.Name : "grpc-provider",
                ["version"] = capabilities.Version.Length > 0 ? capabilities.Version : "0",
            },
        };
    }

    private JsonObject ToolsList(Capabilities capabilities)
    {
        var tools = new JsonArray();
        foreach (var definition in capabilities.Tools)
        {
            var (tool, problem) = ProviderMapping.Tool(definition);
            if (tool is null)
            {
                LogToolLeftOut(_backend.Name, definition.Name, problem!);
                continue;
            }

            tools.Add(tool);
        }

        return new JsonObject { ["tools"] = tools };
    }

    /// <summary>The provider's capabilities: one answer (or one call in flight) is shared for <see cref="CapabilitiesMaxAge"/>.</summary>
    private Task<Capabilities> CapabilitiesAsync(Metadata metadata, CancellationToken cancellationToken)
    {
        lock (_capabilitiesLock)
        {
            var now = _time.GetUtcNow();
            if (_capabilities is { } cached && now - cached.At < CapabilitiesMaxAge && !cached.Task.IsFaulted && !cached.Task.IsCanceled)
            {
                return cached.Task.WaitAsync(cancellationToken);
            }

            var deadline = _time.GetUtcNow().UtcDateTime.AddSeconds(_backend.DiscoveryTimeoutSeconds);
            var task = Client.ListCapabilitiesAsync(new ListCapabilitiesRequest { ContractVersion = ContractVersion }, metadata, deadline, _closed.Token).ResponseAsync;
            _capabilities = (task, now);
            return task.WaitAsync(cancellationToken);
        }
    }

    private async Task<JsonNode> InvokeAsync(JsonObject parameters, Metadata metadata, CancellationToken cancellationToken)
    {
        var tool = parameters["name"] is JsonValue name && name.TryGetValue<string>(out var text) ? text
            : throw new McpProtocolException("tools/call needs a tool name", McpErrorCode.InvalidParams);
        var request = new InvokeRequest
        {
            Tool = tool,
            ArgumentsJson = parameters["arguments"] is JsonObject arguments ? arguments.ToJsonString() : "{}",
            CorrelationId = TraceContext.RequestId ?? string.Empty,
            Caller = new Caller { UserId = TraceContext.UserId ?? string.Empty },
        };
        var response = await Client.InvokeAsync(request, metadata, Deadline(ToolTimeout(tool)), cancellationToken);
        return ProviderMapping.CallResult(response, _uris);
    }

    private async Task<JsonNode> ReadAsync(JsonObject parameters, Metadata metadata, CancellationToken cancellationToken)
    {
        var exposed = parameters["uri"] is JsonValue value && value.TryGetValue<string>(out var text) ? text
            : throw new McpProtocolException("resources/read needs a uri", McpErrorCode.InvalidParams);
        var uri = _uris.Restore(exposed) ?? throw new McpProtocolException($"Resource '{exposed}' is not one of this provider's", McpErrorCode.ResourceNotFound);
        var request = new ReadResourceRequest
        {
            Uri = uri,
            CorrelationId = TraceContext.RequestId ?? string.Empty,
            Caller = new Caller { UserId = TraceContext.UserId ?? string.Empty },
        };
        var response = await Client.ReadResourceAsync(request, metadata, Deadline(_backend.TimeoutSeconds), cancellationToken);
        return ProviderMapping.ReadResult(response, _uris);
    }

    private async Task<JsonNode> GetPromptAsync(JsonObject parameters, Metadata metadata, CancellationToken cancellationToken)
    {
        var name = parameters["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text
            : throw new McpProtocolException("prompts/get needs a prompt name", McpErrorCode.InvalidParams);
        var request = new GetPromptRequest
        {
            Name = name,
            CorrelationId = TraceContext.RequestId ?? string.Empty,
            Caller = new Caller { UserId = TraceContext.UserId ?? string.Empty },
        };
        request.Arguments.Add(ProviderMapping.PromptArguments(parameters["arguments"]));
        var response = await Client.GetPromptAsync(request, metadata, Deadline(_backend.TimeoutSeconds), cancellationToken);
        return ProviderMapping.PromptResult(response, _uris);
    }

    private double ToolTimeout(string tool) =>
        _backend.Tools.TryGetValue(tool, out var settings) && settings.TimeoutSeconds is { } seconds ? seconds : _backend.TimeoutSeconds;

    private DateTime Deadline(double seconds) => _time.GetUtcNow().UtcDateTime.AddSeconds(seconds);

    private static RequestId? RequestIdOf(JsonNode id) => id switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => new RequestId(s),
        JsonValue v when v.TryGetValue<long>(out var n) => new RequestId(n),
        _ => null,
    };

    /// <summary>Ends the connection: the SDK client fails what is pending and the gateway reconnects later.</summary>
    private void Close()
    {
        _incoming.Writer.TryComplete();
        _closed.Cancel();
    }

    public ValueTask DisposeAsync()
    {
        _events.Published -= OnPublished;
        if (!_closed.IsCancellationRequested)
        {
            Close();
        }

        _pool.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 7600, Level = LogLevel.Warning, Message = "gRPC provider {Backend} is unavailable ({Method}: {Detail}); its connection is closed")]
    private partial void LogUnavailable(string backend, string method, string detail);

    [LoggerMessage(EventId = 7601, Level = LogLevel.Warning, Message = "gRPC provider {Backend}: tool '{Tool}' is left out: {Problem}")]
    private partial void LogToolLeftOut(string backend, string tool, string problem);

    [LoggerMessage(EventId = 7603, Level = LogLevel.Information, Message = "gRPC provider {Backend} has no event Stream (UNIMPLEMENTED)")]
    private partial void LogNoStream(string backend);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Warning, Message = "gRPC provider {Backend} answered {Method} against the contract: {Problem}")]
    private partial void LogBadAnswer(string backend, string method, string problem);
}
