using McpGateway.Core.Jobs;
using System.Threading.Channels;
using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Job signals across the cluster with <c>LISTEN/NOTIFY</c> on channel <c>mcpgw_jobs</c>: <c>q</c> when a job was
/// queued (idle workers of every node wake and claim), <c>c:&lt;id&gt;:&lt;status&gt;</c> when a job changed (a blocked
/// <c>tasks/result</c>, a client's stream, the worker running a cancelled job). Signals are raised locally at once as
/// well, and again when their notification comes back: waiters treat them as hints. Outgoing notifications go through
/// one sender that sends whatever accumulated meanwhile in one statement, outside any transaction: one round trip for
/// many signals under load, and never a NOTIFY in a store's transaction (PostgreSQL serialises the commits of
/// notifying transactions on one lock, which would serialise concurrent submits). The listening connection is re-opened after a failure;
/// meanwhile waiters fall back on polling.
/// </summary>
internal sealed partial class PostgresJobSignals : IJobSignals, IAsyncDisposable
{
    public const string Channel = "mcpgw_jobs";

    /// <summary>The payload announcing a claimable job.</summary>
    public const string QueuedPayload = "q";

    /// <summary>At most this many notifications per statement.</summary>
    private const int MaxPerStatement = 64;

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<string> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _listening;
    private readonly Task _sending;

    public PostgresJobSignals(PostgresDatabase database, TimeProvider? time = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
        _listening = Task.Run(ListenAsync);
        _sending = Task.Run(SendAsync);
    }

    public event Action? WorkAvailable;

    public event Action<string, JobStatus>? JobChanged;

    public void Queued()
    {
        WorkAvailable?.Invoke();
        _outgoing.Writer.TryWrite(QueuedPayload);
    }

    public void Changed(string jobId, JobStatus status)
    {
        JobChanged?.Invoke(jobId, status);
        _outgoing.Writer.TryWrite($"c:{jobId}:{status.Name()}");
    }

    /// <summary>Sends the pending notifications, as many as accumulated while the previous statement ran, in one statement.</summary>
    private async Task SendAsync()
    {
        var pending = new List<string>(MaxPerStatement);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(_stop.Token))
            {
                pending.Clear();
                while (pending.Count < MaxPerStatement && _outgoing.Reader.TryRead(out var payload))
                {
                    if (!pending.Contains(payload))
                    {
                        pending.Add(payload);
                    }
                }

                try
                {
                    await using var connection = await _database.OpenAsync(_stop.Token);
                    await connection.ExecuteAsync(null, "SELECT pg_notify(@channel, payload) FROM unnest(@payloads) AS payload", _stop.Token,
                        NpgsqlCommandExtensions.P("channel", Channel), NpgsqlCommandExtensions.P("payloads", pending.ToArray()));
                }
                catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
                {
                    // A lost signal only delays: workers and waiters poll.
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task ListenAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _database.OpenAsync(_stop.Token);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await connection.ExecuteAsync(null, "LISTEN " + Channel, _stop.Token);
                while (!_stop.IsCancellationRequested)
                {
                    await connection.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string payload)
    {
        if (payload == QueuedPayload)
        {
            WorkAvailable?.Invoke();
            return;
        }

        var parts = payload.Split(':');
        if (parts is ["c", var id, var status])
        {
            JobChanged?.Invoke(id, JobStatusExtensions.Parse(status));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _outgoing.Writer.TryComplete();
        await _listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
