using McpGateway.Core.Jobs;
using McpGateway.Edge.Hosting;

namespace McpGateway.Edge.Jobs;

/// <summary>Runs the <see cref="JobSweeper"/> every half lease (at most every 5 s) on every node.</summary>
internal sealed partial class JobSweepService(JobSweeper sweeper, GatewayOptions options, TimeProvider time, ILogger<JobSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Jobs.Lease / 2 < TimeSpan.FromSeconds(5) ? options.Jobs.Lease / 2 : TimeSpan.FromSeconds(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweeper.SweepAsync(stoppingToken);
                await Task.Delay(period, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(exception);
                await Task.Delay(period, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Job sweep failed; trying again")]
    private partial void LogSweepFailed(Exception exception);
}
