using System.Text.RegularExpressions;

namespace McpGateway.Edge.Events;

/// <summary>
/// Where the node also takes provider events from (docs/mcp-surface.md#events): NATS JetStream when <c>NATS_URL</c> is
/// set, through the durable consumer <c>NATS_CONSUMER</c> (stream <c>MCPGW_EVENTS</c>, subjects <c>mcpgw.events.&gt;</c>).
/// </summary>
internal sealed partial record ProviderEventsOptions
{
    public const string DefaultConsumer = "mcpgw";

    /// <summary>The NATS server (<c>NATS_URL</c>: nats://host:port); null: events come only from the providers' Stream RPC.</summary>
    public Uri? NatsUrl { get; init; }

    /// <summary>The durable consumer's name (<c>NATS_CONSUMER</c>); nodes sharing it share the work, each event reaching one of them.</summary>
    public string Consumer { get; init; } = DefaultConsumer;

    public static ProviderEventsOptions Read(Func<string, string?> environment, List<string> errors)
    {
        var options = new ProviderEventsOptions();
        if (environment("NATS_URL") is { Length: > 0 } text)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.Scheme is "nats" or "tls" && url.Host.Length > 0)
            {
                options = options with { NatsUrl = url };
            }
            else
            {
                errors.Add("NATS_URL: expected nats://host:port (or tls://host:port)");
            }
        }

        if (environment("NATS_CONSUMER") is { Length: > 0 } consumer)
        {
            if (ConsumerName().IsMatch(consumer))
            {
                options = options with { Consumer = consumer };
            }
            else
            {
                errors.Add("NATS_CONSUMER: 1 to 64 of A-Z, a-z, 0-9, '_' and '-'");
            }
        }

        return options;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ConsumerName();
}
