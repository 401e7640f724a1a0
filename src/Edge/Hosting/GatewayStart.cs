using System.Net.Sockets;
using McpGateway.Silo;
using Microsoft.AspNetCore.Connections;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// Builds and starts a node (<c>mcpgw serve</c>, the tests' in-process nodes, the bench). On the embedded engine with
/// <c>GATEWAY_SILO_PORT</c> unset the silo listens on a loopback port picked free just before the start. Orleans offers
/// no way around that pick: <c>EndpointOptions.SiloPort</c> refuses 0, the silo's address (port included) is fixed
/// before its listener binds, and even a one-silo cluster binds that listener. So another process can take the port in
/// between; a start that fails because the port is taken is retried on a new one, at most <see cref="MaxAttempts"/>
/// times in all, each retry logged.
/// </summary>
public static partial class GatewayStart
{
    /// <summary>Starts tried in all before the failure is the node's.</summary>
    public const int MaxAttempts = 5;

    /// <param name="build">Builds the node's application for the options it is given (the picked silo port in them).</param>
    /// <param name="beforeStart">Runs on each built application before it starts (an exception disposes it and ends the start).</param>
    /// <param name="pickSiloPort">Picks the embedded silo's port (default: <see cref="LoopbackPort.Free"/>).</param>
    public static async Task<WebApplication> StartAsync(
        GatewayOptions options,
        Func<GatewayOptions, WebApplication> build,
        Action<WebApplication>? beforeStart = null,
        Func<int>? pickSiloPort = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(build);
        var picksPort = options.Database is null && options.Silo.SiloPort is null;
        for (var attempt = 1; ; attempt++)
        {
            int? port = picksPort ? (pickSiloPort ?? LoopbackPort.Free)() : null;
            var app = build(port is { } picked ? options with { Silo = options.Silo with { SiloPort = picked } } : options);
            try
            {
                beforeStart?.Invoke(app);
                await app.StartAsync(cancellationToken);
                return app;
            }
            catch (Exception e) when (port is { } taken && attempt < MaxAttempts && IsAddressInUse(e))
            {
                var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GatewayStart));
                await app.DisposeAsync();

                // Kestrel's listen address in use is the operator's to fix: only the silo's port, still held by someone
                // else now that this node let go of everything, is picked again.
                if (!LoopbackPort.IsTaken(taken))
                {
                    throw;
                }

                LogSiloPortTaken(logger, taken, attempt, MaxAttempts);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Whether <paramref name="exception"/> or one it wraps says an address was in use.</summary>
    internal static bool IsAddressInUse(Exception exception) => exception switch
    {
        AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsAddressInUse),
        { InnerException: { } inner } => IsAddressInUse(inner),
        _ => false,
    };

    [LoggerMessage(EventId = 8750, Level = LogLevel.Warning,
        Message = "The embedded silo's port {Port} was taken by another process before the silo bound it; starting again on another port (attempt {Attempt} of {MaxAttempts} failed)")]
    private static partial void LogSiloPortTaken(ILogger logger, int port, int attempt, int maxAttempts);
}
