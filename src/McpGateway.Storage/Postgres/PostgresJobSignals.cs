using McpGateway.Core.Jobs;
using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// Job signals across the cluster with <c>LISTEN/NOTIFY</c> on channel <c>mcpgw_jobs</c>: <c>q</c> when a job was
/// queued (idle workers of every node wake and claim), <c>c:&lt;id&gt;:&lt;status&gt;</c> when a job changed (a blocked
/// <c>tasks/result</c>, a client's stream, the worker running a cancelled job). Signals are raised locally at once as
/// well, and again when their notification comes back: waiters treat them as hints. The listening connection is
/// re-opened after a failure; meanwhile waiters fall back on polling.
/// </summary>
internal sealed partial class PostgresJobSignals : IJobSignals, IAsyncDisposable
{
    public const string Channel = "mcpgw_jobs";

    private readonly PostgresDatabase _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;

    public PostgresJobSignals(PostgresDatabase database)
    {
        _database = database;
        _listening = Task.Run(ListenAsync);
    }

    public event Action? WorkAvailable;

    public event Action<string, JobStatus>? JobChanged;

    public void Queued()
    {
        WorkAvailable?.Invoke();
        _ = NotifyAsync("q");
    }

    public void Changed(string jobId, JobStatus status)
    {
        JobChanged?.Invoke(jobId, status);
        _ = NotifyAsync($"c:{jobId}:{status.Name()}");
    }

    private async Task NotifyAsync(string payload)
    {
        try
        {
            await using var connection = await _database.OpenAsync(_stop.Token);
            await connection.ExecuteAsync(null, "SELECT pg_notify(@channel, @payload)", _stop.Token,
                NpgsqlCommandExtensions.P("channel", Channel), NpgsqlCommandExtensions.P("payload", payload));
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or ObjectDisposedException)
        {
            // A lost signal only delays: workers and waiters poll.
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
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
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
        if (payload == "q")
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
        await _listening.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
