using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using McpGateway.Core.Approvals;
using McpGateway.Core.Policy;

namespace McpGateway.Edge.Approvals;

/// <summary>
/// Posts approval events to <c>approvals.webhook</c> of the policy in force, one at a time in the background: a slow
/// or failing receiver never delays a call (events beyond 1000 queued are dropped and logged). The body carries the
/// approval without its arguments (the approver reads them from <c>GET /admin/approvals/{id}</c>).
/// </summary>
internal sealed partial class WebhookApprovalNotifier(RolePolicySource policies, ILogger<WebhookApprovalNotifier> logger) : BackgroundService, IApprovalNotifier
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<(string Event, Approval Approval)> _queue =
        Channel.CreateBounded<(string, Approval)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout };

    public void Notify(string eventName, Approval approval)
    {
        LogEvent(eventName, approval.Id, approval.Tool, approval.UserId);
        if (policies.Current.Approvals.Webhook is not null && !_queue.Writer.TryWrite((eventName, approval)))
        {
            LogDropped(eventName, approval.Id);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (eventName, approval) in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                if (policies.Current.Approvals.Webhook is { } webhook)
                {
                    await PostAsync(webhook, eventName, approval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private async Task PostAsync(Uri webhook, string eventName, Approval approval, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["event"] = eventName, ["approval"] = ApprovalJson.Describe(approval, approval.CreatedAt) };
        if (eventName != "approval.requested")
        {
            body["approval"]!["status"] = eventName["approval.".Length..];
        }

        try
        {
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(webhook, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogFailed(eventName, approval.Id, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(eventName, approval.Id, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 1351, Level = LogLevel.Information, Message = "Approval {Event}: {ApprovalId} for {Tool} by {UserId}")]
    private partial void LogEvent(string @event, string approvalId, string tool, string userId);

    [LoggerMessage(EventId = 1352, Level = LogLevel.Warning, Message = "Approval webhook failed for {Event} {ApprovalId}: {Reason}")]
    private partial void LogFailed(string @event, string approvalId, string reason);

    [LoggerMessage(EventId = 1353, Level = LogLevel.Warning, Message = "Approval webhook queue full: {Event} {ApprovalId} dropped")]
    private partial void LogDropped(string @event, string approvalId);
}
