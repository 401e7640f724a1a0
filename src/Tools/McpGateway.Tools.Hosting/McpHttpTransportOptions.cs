namespace McpGateway.Tools.Hosting;

/// <summary>
/// Settings of the Streamable HTTP and legacy HTTP+SSE transports. Bound from the configuration section
/// <c>ToolServer</c> (e.g. <c>--ToolServer:SessionIdleTimeout 00:10:00</c>).
/// </summary>
public sealed class McpHttpTransportOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string ConfigurationSection = "ToolServer";

    /// <summary>
    /// How long a stateful Streamable HTTP session may stay without any request before it is evicted.
    /// Sessions with a request in flight (including an open GET stream) are never evicted.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Maximum number of concurrent stateful Streamable HTTP sessions; further initialize requests get 503.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Maximum number of concurrent legacy HTTP+SSE streams; further GET requests get 503.</summary>
    public int MaxSseSessions { get; set; } = 1_000;

    /// <summary>How often the idle-session sweeper runs; <see langword="null"/> derives it from <see cref="SessionIdleTimeout"/>.</summary>
    public TimeSpan? SweepInterval { get; set; }

    internal TimeSpan EffectiveSweepInterval =>
        SweepInterval ?? TimeSpan.FromTicks(Math.Clamp(SessionIdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(30).Ticks));
}
