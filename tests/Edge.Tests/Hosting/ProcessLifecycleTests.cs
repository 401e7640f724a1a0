using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>The real <c>mcpgw</c> executable: config errors at startup, and a graceful stop that leaves no child behind.</summary>
public sealed class ProcessLifecycleTests
{
    /// <summary>These tests are about the process, not authentication: they run in auth mode none (loopback).</summary>
    private static readonly Dictionary<string, string?> AuthNone = new() { ["GATEWAY_AUTH_MODE"] = "none" };

    [Fact]
    public async Task InvalidConfig_RefusesToStart_ReportingEveryErrorWithItsLine()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", """
            backends:
              - name: hello
                transport: htp
              - name: hello
                transport: stdio
                command: "dotnet Hello.dll"
              - name: web
                transport: streamable-http
                url: not a url
                timeout_seconds: -1
            """);
        foreach (var verb in new[] { "serve", "config" })
        {
            string[] args = verb == "config" ? ["config", "check"] : ["serve"];
            await using var gateway = ChildProcess.StartDotnet("mcpgw.dll", [.. args, "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], environment: AuthNone);
            await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(2, gateway.ExitCode);
            var output = gateway.Output;
            Assert.Contains("tools.yaml:3:", output, StringComparison.Ordinal);
            Assert.Contains("'htp'", output, StringComparison.Ordinal);
            Assert.Contains("tools.yaml:4:", output, StringComparison.Ordinal);
            Assert.Contains("tools.yaml:6:", output, StringComparison.Ordinal);
            Assert.Contains("tools.yaml:9:", output, StringComparison.Ordinal);
            Assert.Contains("tools.yaml:10:", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AuthModeNone_OnANonLoopbackAddress_IsRefused()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends: []\n");
        await using var gateway = ChildProcess.StartDotnet("mcpgw.dll", ["--urls", "http://0.0.0.0:0", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], environment: AuthNone);
        await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, gateway.ExitCode);
        Assert.Contains("loopback", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_StopsGracefully_AndEndsTheStdioBackend()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        await using var gateway = ChildProcess.StartDotnet("mcpgw.dll", ["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], environment: AuthNone);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await gateway.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));

        var children = ChildrenOf(gateway.Id);
        Assert.NotEmpty(children);
        using (var http = new HttpClient())
        {
            var ready = JsonNode.Parse(await http.GetStringAsync(new Uri(baseAddress, "/health/ready")))!;
            Assert.Equal("ready", ready["status"]!.GetValue<string>());
        }

        gateway.Terminate();
        await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, gateway.ExitCode);
        foreach (var child in children)
        {
            Assert.False(IsRunning(child), $"child process {child} outlived the gateway");
        }
    }

    [Fact]
    public async Task KillMinus9_LeavesNoOrphanedStdioBackend()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        await using var gateway = ChildProcess.StartDotnet("mcpgw.dll", ["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")], environment: AuthNone);
        await gateway.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), TimeSpan.FromSeconds(60));
        var children = ChildrenOf(gateway.Id);
        Assert.NotEmpty(children);

        gateway.KillHard();
        await gateway.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && children.Any(IsRunning))
        {
            await Task.Delay(100);
        }

        Assert.All(children, child => Assert.False(IsRunning(child), $"child process {child} was orphaned"));
    }

    /// <summary>
    /// The process's children, whichever of its threads started them (<c>/proc/PID/task/TID/children</c> lists only
    /// those of thread TID; since the node co-hosts a silo, startup continues on pool threads).
    /// </summary>
    private static List<int> ChildrenOf(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }

        var children = new List<int>();
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                children.AddRange(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return children;
    }

    /// <summary>Running, and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
