using System.Text.Json;
using McpGateway.Upstreams.Grpc.Events;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Net;

namespace McpGateway.Edge.Events;

/// <summary>
/// Takes provider events from NATS JetStream through a durable pull consumer (explicit acks): an event is acked once
/// the hub has taken it, so what arrived while the node was down (or was not acked) is delivered after a restart;
/// repeats are dropped by the hub by event id. Retries with a pause while NATS cannot be reached.
/// </summary>
internal sealed partial class NatsEventConsumer(ProviderEventsOptions options, ProviderEventHub hub, TimeProvider time, ILogger<NatsEventConsumer> logger)
    : BackgroundService
{
    public const string StreamName = "MCPGW_EVENTS";
    public const string Subjects = "mcpgw.events.>";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.NatsUrl is not { } url)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var nats = new NatsClient(url.ToString());
                var jetStream = nats.CreateJetStreamContext();
                await jetStream.CreateOrUpdateStreamAsync(new StreamConfig(StreamName, [Subjects]), stoppingToken);
                var consumer = await jetStream.CreateOrUpdateConsumerAsync(
                    StreamName,
                    new ConsumerConfig(options.Consumer) { AckPolicy = ConsumerConfigAckPolicy.Explicit, DeliverPolicy = ConsumerConfigDeliverPolicy.All },
                    stoppingToken);
                LogConsuming(url.ToString(), options.Consumer);
                await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: stoppingToken))
                {
                    if (Parse(message.Data) is { } providerEvent)
                    {
                        hub.Accept(providerEvent);
                    }
                    else
                    {
                        LogUnreadable(message.Subject);
                    }

                    await message.AckAsync(cancellationToken: stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(exception.GetType().Name, exception.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>A CloudEvent in its structured JSON form, or null when it is not one.</summary>
    internal static ProviderEvent? Parse(byte[]? body)
    {
        if (body is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
            var data = root.TryGetProperty("data", out var dataValue) ? dataValue.GetRawText() : string.Empty;
            var id = Text("id");
            var source = Text("source");
            return id.Length == 0 || source.Length == 0
                ? null
                : new ProviderEvent(id, source, Text("type"), Text("subject"), Text("time"), Text("correlationid"), data, "nats");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 7620, Level = LogLevel.Information, Message = "Taking provider events from NATS JetStream at {Url} (durable consumer {Consumer})")]
    private partial void LogConsuming(string url, string consumer);

    [LoggerMessage(EventId = 7621, Level = LogLevel.Warning, Message = "NATS event consumer failed ({Error}: {Detail}); retrying in 2 s")]
    private partial void LogFailed(string error, string detail);

    [LoggerMessage(EventId = 7622, Level = LogLevel.Warning, Message = "A message on {Subject} is not a CloudEvent with id and source; acked and dropped")]
    private partial void LogUnreadable(string subject);
}
