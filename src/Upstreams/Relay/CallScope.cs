using McpGateway.Core.Pipeline;

namespace McpGateway.Upstreams.Relay;

/// <summary>
/// The call being sent to a backend, in the async flow that sends it: lets the transport under the SDK client tie the
/// outgoing JSON-RPC request to its caller (for multi-round-trip results) without the SDK knowing.
/// </summary>
internal static class CallScope
{
    private static readonly AsyncLocal<Entry?> CurrentEntry = new();

    public static Entry? Current => CurrentEntry.Value;

    public static Restorer Enter(ClientLink? client, CancellationToken cancellationToken)
    {
        var previous = CurrentEntry.Value;
        CurrentEntry.Value = client is null ? null : new Entry(client, cancellationToken);
        return new Restorer(previous);
    }

    internal sealed record Entry(ClientLink Client, CancellationToken CancellationToken);

    internal readonly struct Restorer(Entry? previous) : IDisposable
    {
        public void Dispose() => CurrentEntry.Value = previous;
    }
}
