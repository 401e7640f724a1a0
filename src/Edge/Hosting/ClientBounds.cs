namespace McpGateway.Edge.Hosting;

/// <summary>
/// What one client can make a node hold: sessions and the client data stored with them, <c>initialize</c>s per minute,
/// undelivered messages on a stream, the time to send a body, connections (docs/configuration.md, "Client bounds").
/// </summary>
public sealed record ClientBounds
{
    /// <summary>Sessions one user may have open at once, on every node together (<c>GATEWAY_MAX_SESSIONS_PER_USER</c>).</summary>
    public int MaxSessionsPerUser { get; init; } = 100;

    /// <summary>Sessions one user may open per minute, bursts of a minute's worth (<c>GATEWAY_INITIALIZE_PER_MINUTE</c>).</summary>
    public double InitializePerMinute { get; init; } = 60;

    /// <summary>
    /// Largest stored client data of a session: <c>clientInfo</c> and <c>capabilities</c> of its <c>initialize</c>
    /// together, as compact JSON (<c>GATEWAY_MAX_CLIENT_INFO_BYTES</c>).
    /// </summary>
    public int MaxClientInfoBytes { get; init; } = 16 * 1024;

    /// <summary>Messages a server-to-client stream may hold undelivered, answers still being computed included (<c>GATEWAY_STREAM_MAX_PENDING_MESSAGES</c>).</summary>
    public int StreamMaxPendingMessages { get; init; } = 256;

    /// <summary>Bytes a server-to-client stream may hold undelivered (<c>GATEWAY_STREAM_MAX_PENDING_BYTES</c>).</summary>
    public long StreamMaxPendingBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Time from a request's headers to the end of its body, whatever the rate (<c>GATEWAY_BODY_READ_TIMEOUT_SECONDS</c>).</summary>
    public TimeSpan BodyReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Open client connections the node accepts at once; 0: no cap (<c>GATEWAY_MAX_CONNECTIONS</c>).</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <param name="number">Reads one variable as a number within bounds (collecting an error otherwise).</param>
    public static ClientBounds Read(Func<string, double, double, double, double> number)
    {
        var d = new ClientBounds();
        return new ClientBounds
        {
            MaxSessionsPerUser = (int)number("GATEWAY_MAX_SESSIONS_PER_USER", d.MaxSessionsPerUser, 1, 10_000_000),
            InitializePerMinute = number("GATEWAY_INITIALIZE_PER_MINUTE", d.InitializePerMinute, 1, 1e9),
            MaxClientInfoBytes = (int)number("GATEWAY_MAX_CLIENT_INFO_BYTES", d.MaxClientInfoBytes, 256, 1 << 30),
            StreamMaxPendingMessages = (int)number("GATEWAY_STREAM_MAX_PENDING_MESSAGES", d.StreamMaxPendingMessages, 1, 1_000_000),
            StreamMaxPendingBytes = (long)number("GATEWAY_STREAM_MAX_PENDING_BYTES", d.StreamMaxPendingBytes, 1024, 1L << 34),
            BodyReadTimeout = TimeSpan.FromSeconds(number("GATEWAY_BODY_READ_TIMEOUT_SECONDS", d.BodyReadTimeout.TotalSeconds, 0.1, 3600)),
            MaxConnections = (int)number("GATEWAY_MAX_CONNECTIONS", d.MaxConnections, 0, 10_000_000),
        };
    }
}
