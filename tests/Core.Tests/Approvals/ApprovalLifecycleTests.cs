using System.Text.Json.Nodes;
using McpGateway.Core.Approvals;
using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;
using McpGateway.Core.Tests.Policy;

namespace McpGateway.Core.Tests.Approvals;

/// <summary>Held calls, decisions, expiry and single use through the real pipeline, on a held clock.</summary>
public sealed class ApprovalLifecycleTests
{
    private const string Policy = """
        roles:
          developer:
            tools: ["*"]
          operator:
            tools: ["*"]
            risk: { high: allow }
          intern:
            tools: ["*"]
            risk: { medium: deny, high: deny }
        risk: { medium: approve }
        approvals: { expires_after_minutes: 10 }
        """;

    private readonly PolicyPipeline _gateway = new(Policy, new Dictionary<string, RiskLevel>
    {
        ["git.push"] = RiskLevel.High,
        ["hello.sum"] = RiskLevel.Medium,
    });

    private readonly Identity.CallerIdentity _alice = PolicyPipeline.Caller("alice", "developer");

    private static JsonObject Args(string branch = "main") => new() { ["branch"] = branch, ["force"] = false };

    private Task<CallResult> PushAsync(Identity.CallerIdentity? caller = null, JsonObject? arguments = null, string? approval = null) =>
        _gateway.Pipeline.InvokeAsync(PolicyPipeline.Call(caller ?? _alice, CallKind.ToolCall, "git.push", arguments: arguments ?? Args(), approval: approval)).AsTask();

    private async Task<string> HoldAsync()
    {
        var held = await PushAsync();
        Assert.Equal(GatewayErrorKind.ApprovalRequired, held.Error!.Kind);
        return held.Error.Data!["approvalId"]!.GetValue<string>();
    }

    private Task<Approval?> DecideAsync(string id, bool approve, string? reason = null) =>
        _gateway.Kit.Approvals.DecideAsync(id, approve, "root", reason, _gateway.Kit.Policy.Approvals, CancellationToken.None);

    [Fact]
    public async Task HeldCall_ApprovedThenRepeated_RunsExactlyOnce()
    {
        var held = await PushAsync();
        Assert.Equal(GatewayErrorKind.ApprovalRequired, held.Error!.Kind);
        var id = held.Error.Data!["approvalId"]!.GetValue<string>();
        Assert.StartsWith("apr_", id, StringComparison.Ordinal);
        Assert.Contains(id, held.Error.Message, StringComparison.Ordinal);
        Assert.Contains("mcpgw/approval", held.Error.Message, StringComparison.Ordinal);
        Assert.Equal("high", held.Error.Data["risk"]!.GetValue<string>());
        Assert.Empty(_gateway.Dispatcher.Calls);
        var record = _gateway.Sink.Records.Last();
        Assert.Equal(("approval_required", "risk.high:approve"), (record.Decision, record.RuleId));
        var requested = Assert.Single(_gateway.Kit.Notifier.Events);
        Assert.Equal(("approval.requested", id), (requested.Event, requested.Approval.Id));
        Assert.Equal("""{"branch":"main","force":false}""", requested.Approval.Arguments);

        // Asking again, with or without the id, neither runs it nor piles up requests.
        Assert.Equal(id, (await PushAsync()).Error!.Data!["approvalId"]!.GetValue<string>());
        Assert.Equal(GatewayErrorKind.ApprovalRequired, (await PushAsync(approval: id)).Error!.Kind);
        Assert.Single(_gateway.Kit.Store.All);

        var approved = await DecideAsync(id, approve: true);
        Assert.Equal(ApprovalStatus.Approved, approved!.Status);
        Assert.Equal(_gateway.Kit.Clock.GetUtcNow() + TimeSpan.FromMinutes(10), approved.ExpiresAt);
        Assert.Equal("approval.approved", _gateway.Kit.Notifier.Events.Last().Event);

        // Members in another order are the same call.
        var ran = await PushAsync(arguments: new JsonObject { ["force"] = false, ["branch"] = "main" }, approval: id);
        Assert.True(ran.IsSuccess, ran.Error?.Message);
        var call = Assert.Single(_gateway.Dispatcher.Calls);
        Assert.Null(call.Params["_meta"]);
        record = _gateway.Sink.Records.Last();
        Assert.Equal(("approved", "risk.high:approve"), (record.Decision, record.RuleId));

        var replay = await PushAsync(approval: id);
        Assert.Equal(GatewayErrorKind.Forbidden, replay.Error!.Kind);
        Assert.Contains("approvals:used", replay.Error.Message, StringComparison.Ordinal);
        Assert.Single(_gateway.Dispatcher.Calls);
        Assert.Equal(ApprovalStatus.Used, (await _gateway.Kit.Store.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Approval_CannotCarryOtherArgumentsAnotherUserOrAnotherTool()
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: true);

        var attempts = new[]
        {
            PushAsync(arguments: Args("release"), approval: id),
            PushAsync(arguments: new JsonObject { ["branch"] = "main", ["force"] = true }, approval: id),
            PushAsync(arguments: new JsonObject { ["branch"] = "main", ["force"] = false, ["extra"] = 1 }, approval: id),
            PushAsync(caller: PolicyPipeline.Caller("mallory", "developer"), approval: id),
            PushAsync(approval: "apr_made_up"),
        };
        foreach (var attempt in attempts)
        {
            var result = await attempt;
            Assert.Equal(GatewayErrorKind.Forbidden, result.Error!.Kind);
            Assert.Contains("approvals:mismatch", result.Error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_gateway.Dispatcher.Calls);

        // A low-risk tool needs no approval: one named on it is ignored, not spent.
        Assert.True((await _gateway.Pipeline.InvokeAsync(PolicyPipeline.Call(_alice, CallKind.ToolCall, "git.log", arguments: Args(), approval: id))).IsSuccess);
        Assert.Equal("allow", _gateway.Sink.Records.Last().Decision);
        Assert.True((await PushAsync(approval: id)).IsSuccess);
        Assert.Equal(2, _gateway.Dispatcher.Calls.Count);
    }

    [Fact]
    public async Task ConcurrentUses_OfOneApproval_RunOnce()
    {
        var id = await HoldAsync();
        await DecideAsync(id, approve: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => PushAsync(approval: id))));

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Contains("approvals:used", r.Error!.Message, StringComparison.Ordinal));
        Assert.Single(_gateway.Dispatcher.Calls);
    }

    [Fact]
    public async Task PendingApproval_Expires_AndCanNoLongerBeDecidedOrUsed()
    {
        var id = await HoldAsync();
        _gateway.Kit.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Null(await DecideAsync(id, approve: true));
        var late = await PushAsync(approval: id);
        Assert.Contains("approvals:expired", late.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Expired, (await _gateway.Kit.Store.GetAsync(id, CancellationToken.None))!.StatusAt(_gateway.Kit.Clock.GetUtcNow()));

        // Asking again opens a new request.
        Assert.NotEqual(id, await HoldAsync());
        Assert.Empty(_gateway.Dispatcher.Calls);
    }

    [Fact]
    public async Task ApprovedApproval_Expires_WhenNotUsedInTime()
    {
        var id = await HoldAsync();
        _gateway.Kit.Clock.Advance(TimeSpan.FromMinutes(9));
        await DecideAsync(id, approve: true);
        _gateway.Kit.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.True((await PushAsync(approval: id)).IsSuccess);

        var second = await HoldAsync();
        await DecideAsync(second, approve: true);
        _gateway.Kit.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Contains("approvals:expired", (await PushAsync(approval: second)).Error!.Message, StringComparison.Ordinal);
        Assert.Single(_gateway.Dispatcher.Calls);
    }

    [Fact]
    public async Task RejectedApproval_RefusesTheCall_WithTheReason()
    {
        var id = await HoldAsync();
        var rejected = await DecideAsync(id, approve: false, reason: "not on a Friday");
        Assert.Equal(ApprovalStatus.Rejected, rejected!.Status);
        Assert.Null(await DecideAsync(id, approve: true));
        Assert.Equal("approval.rejected", _gateway.Kit.Notifier.Events.Last().Event);

        var refused = await PushAsync(approval: id);
        Assert.Contains("approvals:rejected", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("not on a Friday", refused.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_gateway.Dispatcher.Calls);
    }

    [Theory]
    [InlineData("git.push", "developer", 'H', "risk.high:approve")]
    [InlineData("git.push", "operator", 'A', "roles.operator.tools:*")]        // an allowed call records the role's allow
    [InlineData("git.push", "intern", 'D', "roles.intern.risk.high:deny")]
    [InlineData("git.push", "intern,operator", 'A', "roles.intern.tools:*")]
    [InlineData("git.push", "intern,developer", 'H', "risk.high:approve")]
    [InlineData("hello.sum", "developer", 'H', "risk.medium:approve")]
    [InlineData("hello.sum", "intern", 'D', "roles.intern.risk.medium:deny")]
    [InlineData("hello.echo", "intern", 'A', "roles.intern.tools:*")]
    public async Task Risk_DecidesByTheMostPermissiveRole(string tool, string roles, char expected, string rule)
    {
        var result = await _gateway.Pipeline.InvokeAsync(PolicyPipeline.Call(PolicyPipeline.Caller("u", roles.Split(',')), CallKind.ToolCall, tool));
        var outcome = result.Error?.Kind switch { null => 'A', GatewayErrorKind.ApprovalRequired => 'H', _ => 'D' };
        Assert.Equal(expected, outcome);
        Assert.Equal(rule, _gateway.Sink.Records.Last().RuleId);
    }
}
