using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// A real <c>mcpgw</c> process with a 1 GiB managed heap hard limit (<c>DOTNET_GCHeapHardLimit</c>) receives the
/// probe's amplification inputs: long batches of <c>tools/list</c> (three at once), sessions with 5 MB capabilities, a
/// legacy SSE stream that is never read while large answers are sent to it, and requests with random method names. It
/// must stay alive (not die of "Out of memory"), its resident memory under <see cref="RssBound"/> throughout, and answer
/// a normal call afterwards.
/// Runs alone (one child process and a lot of traffic).
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class HostileMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>The heap limit of the child (1 GiB): a node that buffers what these inputs ask for dies of it.</summary>
    private const string HeapHardLimit = "0x40000000";

    /// <summary>
    /// Resident memory a node with a 1 GiB heap may have: its heap and the runtime beside it. Above it, something outside
    /// the managed heap grows (native buffers, pinned I/O) and the heap limit no longer bounds the node. Measured on a
    /// 2-core machine: about 250 MB after the batches and the sessions, 700–900 MB after the 4 MB answers (each large
    /// call in flight holds several copies of its payload until the stream is cut off; the GC lets the heap grow
    /// toward its limit before compacting).
    /// </summary>
    private const long RssBound = 1280L * 1024 * 1024;

    [Fact]
    public async Task AmplificationInputs_NodeWithA1GiBHeap_StaysAliveBoundedAndServing()
    {
        using var folder = new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + GatewayHost.HelloStdio());
        folder.Write("config/policy.yaml", GatewayHost.AdminPolicy);
        var port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        await using var gateway = GatewayProcess.Run(["--urls", baseAddress.ToString().TrimEnd('/'), "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")],
            new Dictionary<string, string?>
            {
                ["GATEWAY_AUTH_MODE"] = "none",
                ["DOTNET_GCHeapHardLimit"] = HeapHardLimit,
                ["RATE_LIMIT_USER_PER_MINUTE"] = NodeEnvironment.Unlimited,
                ["RATE_LIMIT_TOOL_PER_MINUTE"] = NodeEnvironment.Unlimited,
            });
        await gateway.WaitForHttpAsync(new Uri(baseAddress, "/health/ready"), TimeSpan.FromSeconds(60));
        using var raw = new RawMcp(new Uri(baseAddress, "/mcp"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };
        await AssertEchoesAsync(raw, "before");

        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested && !gateway.HasExited)
            {
                peak = Math.Max(peak, ResidentBytes(gateway.Id));
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        var clock = Stopwatch.StartNew();

        // 1. Three batches of 100,000 tools/list at once on a 2025-03-26 session (5.7 MB each).
        var session = await RawSession2025_03_26Async(raw);
        var batch = "[" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $$"""{"jsonrpc":"2.0","id":{{i}},"method":"tools/list"}""")) + "]";
        var batches = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SendDiscardingAsync(http, BatchRequest(raw, batch, session))));
        output.WriteLine($"3 batches of 100,000 tools/list: {string.Join(", ", batches.Select(b => $"{b.Status} ({b.Bytes} bytes)"))}");
        AssertAlive(gateway, "three batches of 100,000 tools/list");
        output.WriteLine($"  peak resident memory so far: {peak / 1048576} MB");

        // 2. Ten sessions declaring 5 MB of capabilities.
        var bloated = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            var capabilities = $$"""{"experimental":{"pad":"{{new string('c', 5_000_000)}}"} }""";
            var (status, _) = await SendDiscardingAsync(http, raw.Post($$$"""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{{{capabilities}}},"clientInfo":{"name":"bloat","version":"1"} }}"""));
            bloated.Add(status);
        }

        output.WriteLine("10 initialize with 5 MB capabilities: " + string.Join(", ", bloated));
        AssertAlive(gateway, "ten sessions with 5 MB capabilities");
        output.WriteLine($"  peak resident memory so far: {peak / 1048576} MB");

        // 3. A legacy SSE stream never read, sent 30 answers of 4 MB.
        var legacy = await LegacyUnreadAsync(http, baseAddress);
        var message = new string('m', 4_000_000);
        var posts = new List<int>();
        for (var i = 0; i < 30 && !gateway.HasExited; i++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, legacy.Path))
            {
                Content = new StringContent($$"""{"jsonrpc":"2.0","id":{{i + 10}},"method":"tools/call","params":{"name":"hello.echo","arguments":{"message":"{{message}}"} } }""", Encoding.UTF8, "application/json"),
            };
            posts.Add((await SendDiscardingAsync(http, post)).Status);
        }

        output.WriteLine("30 posts of 4 MB answers to an unread legacy stream: " + string.Join(", ", posts));
        AssertAlive(gateway, "30 answers of 4 MB to an unread legacy stream");
        output.WriteLine($"  peak resident memory so far: {peak / 1048576} MB");

        // 4. Requests with random method names (the HTTP metrics' label).
        var random = new Random(HostileSeed.Seed);
        foreach (var chunk in Enumerable.Range(0, 5_000).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async _ =>
            {
                using var request = new HttpRequestMessage(new HttpMethod("R" + random.Next().ToString(CultureInfo.InvariantCulture)), new Uri(baseAddress, "/mcp"));
                await SendDiscardingAsync(http, request);
            }));
        }

        var metrics = await http.GetAsync(new Uri(baseAddress, "/metrics"));
        var metricsText = await metrics.Content.ReadAsStringAsync();
        output.WriteLine($"/metrics after 5,000 random methods: {(int)metrics.StatusCode}, {metricsText.Length} chars; inputs sent in {clock.Elapsed.TotalSeconds:0.0} s");

        AssertAlive(gateway, "5,000 requests with random method names");
        output.WriteLine($"  peak resident memory so far: {peak / 1048576} MB");
        // The unread stream is still open: other callers of the same backend are served all the same (once the backend is
        // through the large calls it was sent, which on a loaded machine may take a while).
        await AssertEchoesAsync(raw, "after");
        legacy.Close();
        await sampling.CancelAsync();
        await sampler;
        output.WriteLine($"peak resident memory: {peak / 1048576} MB");

        Assert.All(batches, b => Assert.True(b.Status is >= 400 and < 500, $"a batch of 100,000 answered {b.Status} ({b.Bytes} bytes)"));
        Assert.All(bloated, s => Assert.True(s is >= 400 and < 500, $"initialize with 5 MB of capabilities answered {s}"));
        // A stream whose consumer falls behind its pending cap is disconnected; posts to it are refused with the
        // documented 503 (docs/errors.md), never a 500.
        Assert.True(posts.TrueForAll(s => s < 500 || s == 503), "posts to the unread stream: " + string.Join(", ", posts));
        Assert.DoesNotContain("R1", metricsText, StringComparison.Ordinal);
        Assert.True(peak < RssBound, $"the node's resident memory reached {peak / 1048576} MB (bound {RssBound / 1048576} MB)");
    }

    /// <summary>A normal call answers normally, within two minutes (a backend timeout, -32011, is retried until then).</summary>
    private static async Task AssertEchoesAsync(RawMcp raw, string when)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var (status, body, _) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = when } }));
            if (status == 200 && RawSession.ResultText(body) == when)
            {
                return;
            }

            Assert.True(RawMcp.ErrorCode(body) == -32011 && DateTime.UtcNow < deadline, $"a normal call {when} the inputs answered {status}: {body}");
        }
    }

    private static async Task<string> RawSession2025_03_26Async(RawMcp raw)
    {
        var (status, body, response) = await raw.SendAsync(raw.Post("""{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-03-26","capabilities":{},"clientInfo":{"name":"amplifier","version":"1"}}}"""));
        Assert.True(status == 200, $"initialize answered {status}: {body}");
        var session = response.Headers.GetValues("Mcp-Session-Id").Single();
        var notified = raw.Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        notified.Headers.Add("Mcp-Session-Id", session);
        notified.Headers.Add("MCP-Protocol-Version", "2025-03-26");
        Assert.Equal(202, (await raw.SendAsync(notified)).Status);
        return session;
    }

    private static HttpRequestMessage BatchRequest(RawMcp raw, string batch, string session)
    {
        var request = raw.Post(batch);
        request.Headers.Add("Mcp-Session-Id", session);
        request.Headers.Add("MCP-Protocol-Version", "2025-03-26");
        return request;
    }

    /// <summary>Sends and reads the answer without keeping it: its status and size (0 when the node gave none).</summary>
    private static async Task<(int Status, long Bytes)> SendDiscardingAsync(HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                using var stream = await response.Content.ReadAsStreamAsync();
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = await stream.ReadAsync(buffer)) > 0)
                {
                    total += n;
                }

                return ((int)response.StatusCode, total);
            }
            catch (HttpRequestException)
            {
                return (0, 0);
            }
        }
    }

    /// <summary>A legacy SSE connection whose endpoint event is read, then nothing more; the session is initialized.</summary>
    private static async Task<(string Path, Action Close)> LegacyUnreadAsync(HttpClient http, Uri baseAddress)
    {
        var get = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, "/sse"));
        get.Headers.Accept.ParseAdd("text/event-stream");
        var response = await http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync();
        // Byte by byte up to the end of the endpoint event, so that nothing after it is taken off the socket.
        var line = new StringBuilder();
        string? path = null;
        while (path is null)
        {
            var b = stream.ReadByte();
            Assert.True(b >= 0, "the legacy stream ended before its endpoint event");
            if (b == '\n')
            {
                if (line.ToString().StartsWith("data: /", StringComparison.Ordinal))
                {
                    path = line.ToString()["data: ".Length..];
                }

                line.Clear();
            }
            else
            {
                line.Append((char)b);
            }
        }

        foreach (var message in new[]
        {
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{},"clientInfo":{"name":"never-reads","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
        })
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path)) { Content = new StringContent(message, Encoding.UTF8, "application/json") };
            using var posted = await http.SendAsync(post);
            Assert.True((int)posted.StatusCode < 300, $"legacy post answered {(int)posted.StatusCode}");
        }

        return (path, () =>
        {
            stream.Dispose();
            response.Dispose();
            get.Dispose();
        });
    }

    /// <summary>VmRSS of a process, from /proc (0 when it is gone).</summary>
    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static void AssertAlive(ChildProcess gateway, string after)
    {
        if (gateway.HasExited)
        {
            // Give the output a moment to be complete (Exited waits for the end of the redirected streams).
            gateway.Exited.Wait(TimeSpan.FromSeconds(5));
        }

        Assert.False(gateway.HasExited, $"the node died after {after}:\n" + Tail(gateway));
    }

    private static string Tail(ChildProcess process) => string.Join("\n", process.Lines.TakeLast(40));
}
