using System.Globalization;
using System.Text;
using System.Threading.Channels;
using McpGateway.Core.Cluster;
using Npgsql;
using static McpGateway.Storage.Postgres.NpgsqlCommandExtensions;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// The cluster bus over <c>LISTEN/NOTIFY</c> on channel <see cref="Channel"/>. A payload that fits a notification
/// (under <see cref="MaxInlineBytes"/>) travels in it; a larger one is stored in <c>cluster_messages</c> and the
/// notification carries <c>#id</c>. Each node listens on one dedicated connection and reconnects after a failure
/// (messages published meanwhile are missed: the bus is at most once).
/// </summary>
internal sealed class PostgresClusterBus(PostgresDatabase database, TimeProvider time) : IClusterBus
{
    public const string Channel = "mcpgw_cluster";

    /// <summary>NOTIFY payloads must be shorter than 8000 bytes; leave room for the server's own framing.</summary>
    public const int MaxInlineBytes = 7900;

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long a stored large payload stays readable (each publication of one deletes the older ones).</summary>
    private static readonly TimeSpan KeepLargePayloads = TimeSpan.FromMinutes(5);

    /// <summary>A silent listening connection is probed this often, so that a lost server is noticed.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(10);

    public bool ReachesOtherNodes => true;

    public async Task PublishAsync(string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        await using var connection = await database.OpenAsync(cancellationToken);
        if (Encoding.UTF8.GetByteCount(payload) < MaxInlineBytes && !payload.StartsWith('#'))
        {
            await connection.ExecuteAsync(null, $"SELECT pg_notify('{Channel}', @payload)", cancellationToken, P("payload", payload));
            return;
        }

        var now = time.GetUtcNow().ToUniversalTime();
        await connection.ExecuteAsync(null, "DELETE FROM cluster_messages WHERE created_at < @before", cancellationToken, P("before", now - KeepLargePayloads));
        await connection.ExecuteAsync(
            null,
            $"WITH m AS (INSERT INTO cluster_messages (created_at, payload) VALUES (@at, @payload) RETURNING id) SELECT pg_notify('{Channel}', '#' || id) FROM m",
            cancellationToken,
            P("at", now), P("payload", payload));
    }

    public async Task ListenAsync(Func<string, ValueTask> deliver, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenOnceAsync(deliver, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Whatever broke the listening connection (the server restarted, the network, a failed delivery):
                // listen again on a new one. A failure here must never stop the node.
                try
                {
                    await Task.Delay(ReconnectDelay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenOnceAsync(Func<string, ValueTask> deliver, CancellationToken cancellationToken)
    {
        // Notifications arrive inside WaitAsync, where the connection cannot run a query: queue them for a reader.
        var inbox = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        await using var connection = await database.OpenAsync(cancellationToken);
        connection.Notification += (_, e) => inbox.Writer.TryWrite(e.Payload);
        await connection.ExecuteAsync(null, $"LISTEN {Channel}", cancellationToken);
        var reader = DeliverAsync(inbox.Reader, deliver, cancellationToken);
        try
        {
            while (true)
            {
                if (!await connection.WaitAsync(ProbeInterval, cancellationToken))
                {
                    await connection.ExecuteAsync(null, "SELECT 1", cancellationToken);
                }
            }
        }
        finally
        {
            inbox.Writer.TryComplete();
            await reader;
        }
    }

    private async Task DeliverAsync(ChannelReader<string> inbox, Func<string, ValueTask> deliver, CancellationToken cancellationToken)
    {
        await foreach (var payload in inbox.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                var text = payload.StartsWith('#') ? await LoadAsync(payload[1..], cancellationToken) : payload;
                if (text is not null)
                {
                    await deliver(text);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
            {
                // A large payload that cannot be read now is lost, like any message published while a node is away.
            }
        }
    }

    private async Task<string?> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var rowId))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync(null, "SELECT payload FROM cluster_messages WHERE id = @id", r => r.GetString(0), cancellationToken, P("id", rowId));
        return rows.Count == 0 ? null : rows[0];
    }
}
