namespace McpGateway.Upstreams.Grpc.Events;

/// <summary>
/// One CloudEvent of a provider as the gateway keeps it: <paramref name="Via"/> is how it arrived (<c>stream</c>: the
/// provider's Stream RPC; <c>nats</c>: NATS JetStream).
/// </summary>
public sealed record ProviderEvent(
    string Id, string Source, string Type, string Subject, string Time, string CorrelationId, string DataJson, string Via);
