using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Core.Cluster;

/// <summary>What one node asks the others to do.</summary>
public enum ClusterMessageKind
{
    /// <summary>Send a notification on a session's stream (<see cref="ClusterMessage.Target"/>: session id).</summary>
    StreamNotification,

    /// <summary>Serve a message a client posted for a legacy SSE session (<see cref="ClusterMessage.Target"/>: session id).</summary>
    ClientMessage,

    /// <summary>Cancel an in-flight request (<see cref="ClusterMessage.Target"/>: its cancellation key).</summary>
    Cancel,

    /// <summary>A session ended: close its streams and drop its subscriptions (<see cref="ClusterMessage.Target"/>: session id).</summary>
    SessionEnded,

    /// <summary>
    /// A client's response to a request a backend made through the gateway, for the node where that request waits
    /// (<see cref="ClusterMessage.Target"/>: session id; body: the JSON-RPC response).
    /// </summary>
    ClientAnswer,
}

/// <summary>One bus message: its kind, the node that sent it, what it is about and its body.</summary>
public sealed record ClusterMessage(ClusterMessageKind Kind, string Origin, string Target, JsonObject? Body = null)
{
    private static readonly Dictionary<ClusterMessageKind, string> Names = new()
    {
        [ClusterMessageKind.StreamNotification] = "notify",
        [ClusterMessageKind.ClientMessage] = "client",
        [ClusterMessageKind.Cancel] = "cancel",
        [ClusterMessageKind.SessionEnded] = "ended",
        [ClusterMessageKind.ClientAnswer] = "answer",
    };

    // A client's message travels two levels down (b.message): as deep as the edge accepts it, plus the envelope.
    private static readonly JsonDocumentOptions EnvelopeOptions = new() { MaxDepth = Protocol.StrictJson.MaxDepth + 2 };

    public string Encode() => new JsonObject
    {
        ["k"] = Names[Kind],
        ["o"] = Origin,
        ["t"] = Target,
        ["b"] = Body?.DeepClone(),
    }.ToJsonString();

    /// <summary>The message, or null when the payload is not one (another version of the gateway, or garbage).</summary>
    public static ClusterMessage? TryDecode(string payload)
    {
        try
        {
            if (JsonNode.Parse(payload, documentOptions: EnvelopeOptions) is not JsonObject o
                || o["k"]?.GetValue<string>() is not { } name
                || o["o"]?.GetValue<string>() is not { } origin
                || o["t"]?.GetValue<string>() is not { } target)
            {
                return null;
            }

            var kind = Names.FirstOrDefault(n => n.Value == name);
            return kind.Value is null ? null : new ClusterMessage(kind.Key, origin, target, o["b"] as JsonObject);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
