using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Health;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>The role policy through a real gateway: listings show only what the caller may use; anything else is refused.</summary>
public sealed class RolePolicyTests
{
    private const string Policy = """
        roles:
          developer:
            tools: ["hello.*"]
            resources: ["hello://*"]
            deny:
              tools: ["hello.sum"]

        """;

    [Fact]
    public async Task Developer_SeesAndCallsOnlyWhatTheyMay()
    {
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio() + GatewayHost.HelloStdio("other"),
            new Dictionary<string, string> { ["GATEWAY_ANONYMOUS_ROLES"] = "developer" },
            policyYaml: Policy);
        using var raw = new RawMcp(gateway.McpEndpoint);

        var (_, tools, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        Assert.Equal(["hello.echo"], tools!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        var (_, prompts, _) = await raw.SendAsync(raw.Stateless2026("prompts/list"));
        Assert.Empty(prompts!["result"]!["prompts"]!.AsArray());
        var (_, resources, _) = await raw.SendAsync(raw.Stateless2026("resources/list"));
        Assert.Equal(["hello://greeting"], resources!["result"]!["resources"]!.AsArray().Select(r => r!["uri"]!.GetValue<string>()));

        var (_, echo, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "ok" } }));
        Assert.Equal("ok", echo!["result"]!["content"]![0]!["text"]!.GetValue<string>());

        foreach (var (name, rule) in new[] { ("hello.sum", "roles.developer.deny.tools:hello.sum"), ("other.echo", "default-deny") })
        {
            var (status, refused, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = name, ["arguments"] = new JsonObject { ["numbers"] = new JsonArray(1), ["message"] = "x" } }));
            Assert.Equal(200, status);
            Assert.Equal(-32031, RawMcp.ErrorCode(refused));
            Assert.Contains(rule, refused!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var (_, prompt, _) = await raw.SendAsync(raw.Stateless2026("prompts/get", new JsonObject { ["name"] = "hello.hello-plan", ["arguments"] = new JsonObject { ["name"] = "a" } }));
        Assert.Equal(-32031, RawMcp.ErrorCode(prompt));

        using var http = new HttpClient();
        var content = new StringContent("""{"tool_name":"hello.sum","arguments":{"numbers":[1]}}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var rest = await http.PostAsync(new Uri(gateway.BaseAddress, "/mcp/invoke"), content);
        Assert.Equal(403, (int)rest.StatusCode);
    }

    [Fact]
    public async Task PolicyFile_IsReloadedWhileRunning_AndAnInvalidChangeKeepsTheLastGoodOne()
    {
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio(),
            new Dictionary<string, string> { ["GATEWAY_ANONYMOUS_ROLES"] = "developer", ["GATEWAY_CONFIG_RELOAD_SECONDS"] = "0.2" },
            policyYaml: Policy);
        using var raw = new RawMcp(gateway.McpEndpoint);

        async Task<string[]> ToolsAsync()
        {
            var (_, tools, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
            return [.. tools!["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>())];
        }

        Task<string[]> WaitForAsync(Func<string[], bool> condition) =>
            Eventually.ValueAsync(ToolsAsync, condition, "the new policy to apply to tools/list");

        Assert.Equal(["hello.echo"], await ToolsAsync());
        gateway.Folder.Write("config/policy.yaml", "roles:\n  developer:\n    tools: [\"hello.*\"]\n");
        Assert.Equal(["hello.echo", "hello.sum"], await WaitForAsync(t => t.Length == 2));

        // The rejection (what readiness reports) is the signal that the broken file was read and not applied.
        var config = gateway.Services.GetRequiredService<ConfigHealth>();
        gateway.Folder.Write("config/policy.yaml", "roles:\n  developer:\n    tols: [oops]\n");
        await Eventually.UntilAsync(() => config.Rejected.Any(r => r.File.Contains("policy", StringComparison.Ordinal)), "the broken policy.yaml to be rejected");
        Assert.Equal(["hello.echo", "hello.sum"], await ToolsAsync());
    }

    [Fact]
    public async Task RoleWithoutRules_SeesNothing_AndCallsNothing()
    {
        await using var gateway = await GatewayHost.StartAsync(
            GatewayHost.HelloStdio(), new Dictionary<string, string> { ["GATEWAY_ANONYMOUS_ROLES"] = "guest" }, policyYaml: Policy);
        using var raw = new RawMcp(gateway.McpEndpoint);

        var (_, tools, _) = await raw.SendAsync(raw.Stateless2026("tools/list"));
        Assert.Empty(tools!["result"]!["tools"]!.AsArray());
        var (_, refused, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "x" } }));
        Assert.Equal(-32031, RawMcp.ErrorCode(refused));
    }
}
