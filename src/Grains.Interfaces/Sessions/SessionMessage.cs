namespace McpGateway.Grains.Sessions;

/// <summary>What a session grain carries to the node that holds a session's stream or serves its calls.</summary>
[GenerateSerializer]
[Immutable]
[Alias("mcpgw.SessionMessage")]
public sealed record SessionMessage
{
    [Id(0)]
    public required SessionMessageKind Kind { get; init; }

    /// <summary>The message's JSON body (a notification's method and params, a client's message with its caller, a client's answer); empty for cancels and endings.</summary>
    [Id(1)]
    public string Body { get; init; } = "";

    /// <summary>A cancel's request cancellation key.</summary>
    [Id(2)]
    public string Key { get; init; } = "";
}

/// <summary>The kinds of <see cref="SessionMessage"/>, and who receives each.</summary>
[GenerateSerializer]
[Alias("mcpgw.SessionMessageKind")]
public enum SessionMessageKind
{
    /// <summary>A notification for the session's stream: its holder only.</summary>
    StreamNotification = 0,

    /// <summary>A client's message for a legacy SSE session: its holder only (a dead or missing holder fails the post).</summary>
    ClientMessage = 1,

    /// <summary>A client's answer to a backend's request: every node registered with the session (the one waiting takes it).</summary>
    ClientAnswer = 2,

    /// <summary>Cancels an in-flight request: every node registered with the session (the one serving it cancels).</summary>
    Cancel = 3,

    /// <summary>The session ended: every node registered with the session; the grain forgets them.</summary>
    SessionEnded = 4,

    /// <summary>The session's record changed (client data, initialized, log level, subscriptions): every node registered with the session, which drops its copy.</summary>
    SessionChanged = 5,
}

/// <summary>What became of a message sent through a session grain.</summary>
[GenerateSerializer]
[Alias("mcpgw.SessionDelivery")]
public enum SessionDelivery
{
    /// <summary>A node took it (for fan-out messages: at least one node was asked and none failed unexpectedly).</summary>
    Delivered = 0,

    /// <summary>No node holds the session's stream: it was never opened, or it closed.</summary>
    NoHolder = 1,

    /// <summary>The holder's node is gone (declared dead, or it did not answer in time): the stream is lost with it.</summary>
    HolderGone = 2,
}
