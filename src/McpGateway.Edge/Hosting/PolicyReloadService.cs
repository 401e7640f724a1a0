using System.Security.Cryptography;
using McpGateway.Core.Policy;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// Hot reload of <c>policy.yaml</c>: the file is checked every <see cref="GatewayOptions.ConfigReloadInterval"/>; a
/// changed, valid file takes effect for the next call and listing, without dropping any connection; an invalid one is
/// rejected with all its errors logged and the last good policy stays in force.
/// </summary>
internal sealed partial class PolicyReloadService(
    RolePolicySource policies,
    Health.ConfigHealth health,
    GatewayOptions options,
    TimeProvider time,
    ILogger<PolicyReloadService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = Digest(await ReadAsync(stoppingToken));
        using var timer = new PeriodicTimer(options.ConfigReloadInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var text = await ReadAsync(stoppingToken);
                var digest = Digest(text);
                if (text is null || digest == seen)
                {
                    continue;
                }

                seen = digest;
                var errors = policies.Reload(text, options.PolicyFile);
                if (errors.Count == 0)
                {
                    health.Accept();
                    LogReloaded(policies.Current.Version);
                }
                else
                {
                    health.Reject(options.PolicyFile, errors.Count);
                    LogRejected(errors.Count, policies.Current.Version, string.Join("; ", errors));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(options.PolicyFile, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Digest(string? text) => text is null ? null : Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Role policy reloaded: version {Version}")]
    private partial void LogReloaded(string version);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Role policy change rejected ({Count} errors); version {Version} stays in force: {Errors}")]
    private partial void LogRejected(int count, string version, string errors);
}
