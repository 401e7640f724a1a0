using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGateway.Provider.V1;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace McpGateway.Tools.HelloProvider;

/// <summary>
/// The provider's events: each goes to every open <c>Stream</c> call (a bounded buffer per subscriber; the oldest is
/// dropped when a subscriber does not read) and, with <c>NATS_URL</c> set, to NATS JetStream on
/// <c>mcpgw.events.&lt;name&gt;</c> (stream <c>MCPGW_EVENTS</c>) with the event id as the message id.
/// </summary>
internal sealed partial class ProviderEvents(ProviderOptions options, TimeProvider time, ILogger<ProviderEvents> logger) : BackgroundService
{
    public const string StreamName = "MCPGW_EVENTS";
    public const string SubjectPrefix = "mcpgw.events.";
    private const int SubscriberBuffer = 1024;

    private readonly Lock _lock = new();
    private readonly List<Channel<CloudEvent>> _subscribers = [];
    private readonly Channel<CloudEvent> _outbox = Channel.CreateBounded<CloudEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Publish(string type, string subject, string correlationId, JsonObject data)
    {
        var cloudEvent = new CloudEvent
        {
            Id = Guid.NewGuid().ToString("N"),
            Source = options.Name,
            SpecVersion = "1.0",
            Type = type,
            Subject = subject,
            Time = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            DataContentType = "application/json",
            DataJson = data.ToJsonString(),
            CorrelationId = correlationId,
        };
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(cloudEvent);
            }
        }

        if (options.NatsUrl is not null)
        {
            _outbox.Writer.TryWrite(cloudEvent);
        }
    }

    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<CloudEvent>(new BoundedChannelOptions(SubscriberBuffer) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.NatsUrl is not { } url)
        {
            return;
        }

        await using var nats = new NatsClient(url);
        var jetStream = nats.CreateJetStreamContext();
        var streamReady = false;
        await foreach (var cloudEvent in _outbox.Reader.ReadAllAsync(stoppingToken))
        {
            // At-least-once: retried until JetStream acknowledges it; the message id lets JetStream drop a repeat.
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!streamReady)
                    {
                        await jetStream.CreateOrUpdateStreamAsync(new StreamConfig(StreamName, [SubjectPrefix + ">"]), stoppingToken);
                        streamReady = true;
                    }

                    var ack = await jetStream.PublishAsync(
                        SubjectPrefix + options.Name, System.Text.Encoding.UTF8.GetBytes(ToJson(cloudEvent)),
                        opts: new NatsJSPubOpts { MsgId = cloudEvent.Id }, cancellationToken: stoppingToken);
                    ack.EnsureSuccess();
                    break;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogPublishFailed(exception.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }
            }
        }
    }

    /// <summary>The structured JSON form of a CloudEvent (CloudEvents JSON format 1.0).</summary>
    public static string ToJson(CloudEvent cloudEvent) => new JsonObject
    {
        ["specversion"] = cloudEvent.SpecVersion,
        ["id"] = cloudEvent.Id,
        ["source"] = cloudEvent.Source,
        ["type"] = cloudEvent.Type,
        ["subject"] = cloudEvent.Subject,
        ["time"] = cloudEvent.Time,
        ["datacontenttype"] = cloudEvent.DataContentType,
        ["data"] = JsonNode.Parse(cloudEvent.DataJson.Length == 0 ? "null" : cloudEvent.DataJson),
        ["correlationid"] = cloudEvent.CorrelationId,
    }.ToJsonString();

    private void Unsubscribe(Channel<CloudEvent> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
    }

    [LoggerMessage(EventId = 7690, Level = LogLevel.Warning, Message = "Publishing an event to NATS failed ({Error}); retrying")]
    private partial void LogPublishFailed(string error);

    /// <summary>One open <c>Stream</c> call's share of the events.</summary>
    public sealed class Subscription(ProviderEvents owner, Channel<CloudEvent> channel) : IDisposable
    {
        public ChannelReader<CloudEvent> Reader => channel.Reader;

        public void Dispose() => owner.Unsubscribe(channel);
    }
}
