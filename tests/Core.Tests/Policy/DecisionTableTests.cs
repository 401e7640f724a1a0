using McpGateway.Core.Configuration;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Policy;

/// <summary>
/// Roles × endpoint scopes × entries × methods through the real pipeline, against a table written by hand: every
/// allowed call reaches the backend, every other one does not, and each is recorded with its decision. Listings agree
/// with calls: an entry is visible exactly when a call of it is not refused by the policy.
/// </summary>
public sealed class DecisionTableTests
{
    private const string Policy = """
        roles:
          admin:
            tools: ["*"]
            prompts: ["*"]
            resources: ["*"]
            risk: { high: allow }
          developer:
            tools: ["hello.*", "git.*"]
            prompts: ["hello.*"]
            resources: ["hello://*"]
            deny:
              tools: ["hello.sum"]
          viewer:
            scopes: [hello]
            tools: ["hello.echo"]
            resources: ["hello://*"]
        risk: { high: approve }
        """;

    /// <summary>The columns of the table: what is called, and how.</summary>
    private static readonly (CallKind Kind, string Name)[] Columns =
    [
        (CallKind.ToolCall, "hello.echo"),
        (CallKind.ToolCall, "hello.sum"),
        (CallKind.ToolCall, "git.log"),
        (CallKind.ToolCall, "git.push"),            // risk high
        (CallKind.PromptGet, "hello.plan"),
        (CallKind.ResourceRead, "hello://greeting"),
        (CallKind.Completion, "hello.plan"),
    ];

    /// <summary>A: allowed, D: denied by the policy, H: held for approval, S: outside the endpoint's scope.</summary>
    public static TheoryData<string, string?, string> Table() => new()
    {
        { "admin", null, "AAAAAAA" },
        { "developer", null, "ADAHAAA" },
        { "viewer", null, "ADDDDAD" },
        { "guest", null, "DDDDDDD" },
        { "admin", "hello", "AASSAAA" },
        { "developer", "hello", "ADSSAAA" },
        { "viewer", "hello", "ADSSDAD" },
        { "guest", "hello", "DDSSDDD" },
        { "admin", "git", "SSAASSS" },
        { "developer", "git", "SSAHSSS" },
        { "viewer", "git", "SSDDSSS" },
        { "guest", "git", "SSDDSSS" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Row_MatchesTheTable(string role, string? scope, string expected)
    {
        var gateway = new PolicyPipeline(Policy, new Dictionary<string, RiskLevel> { ["git.push"] = RiskLevel.High });
        var caller = PolicyPipeline.Caller("u-" + role, role);
        var actual = "";
        for (var i = 0; i < Columns.Length; i++)
        {
            var (kind, name) = Columns[i];
            var before = gateway.Dispatcher.Calls.Count;
            var result = await gateway.Pipeline.InvokeAsync(PolicyPipeline.Call(caller, kind, name, scope));
            var outcome = result.Error?.Kind switch
            {
                null => 'A',
                GatewayErrorKind.Forbidden => 'D',
                GatewayErrorKind.ApprovalRequired => 'H',
                GatewayErrorKind.OutOfScope => 'S',
                var other => throw new Xunit.Sdk.XunitException($"{kind} {name}: unexpected {other}"),
            };
            actual += outcome;
            Assert.Equal(outcome == 'A' ? before + 1 : before, gateway.Dispatcher.Calls.Count);

            var record = gateway.Sink.Records.Last();
            Assert.Equal(kind.Method(), record.Method);
            Assert.Equal(outcome switch { 'A' => "allow", 'D' => "deny", 'H' => "approval_required", _ => null }, record.Decision);
            if (outcome != 'S')
            {
                Assert.Equal(gateway.Kit.Policy.Version, record.PolicyVersion);
                Assert.False(string.IsNullOrEmpty(record.RuleId));
                var item = kind switch
                {
                    CallKind.ToolCall => gateway.Catalogue.FindTool(name),
                    CallKind.ResourceRead => gateway.Catalogue.FindResource(name),
                    _ => gateway.Catalogue.FindPrompt(name),
                };
                Assert.Equal(outcome != 'D', gateway.Kit.Policy.IsVisible(caller, item!));
            }
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Refusal_NamesTheRuleAndPolicyVersion()
    {
        var gateway = new PolicyPipeline(Policy);
        var result = await gateway.Pipeline.InvokeAsync(PolicyPipeline.Call(PolicyPipeline.Caller("d", "developer"), CallKind.ToolCall, "hello.sum"));
        Assert.Contains("rule roles.developer.deny.tools:hello.sum", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains($"policy {gateway.Kit.Policy.Version}", result.Error.Message, StringComparison.Ordinal);
    }
}
