using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using McpGateway.Core.Catalogue;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// The randomized hostile client: thousands of generated requests (<see cref="HostileGenerator"/>, seeded, within a
/// time budget) against a real node on every endpoint, then: no 5xx ever, the node alive and serving normal calls,
/// every call that reached the backend audited, the managed heap back under a bound, no error logged with a stack
/// trace, and the backends never dropped from the catalogue. Runs alone (it loads both cores).
/// </summary>
[Collection(SeveralProcessesCollection.Name)]
public sealed class HostileFuzzTests(ITestOutputHelper output)
{
    /// <summary>How much the managed heap may grow over the run (after a full collection); see docs/hardening.md.</summary>
    private const long HeapGrowthBound = 256L * 1024 * 1024;

    private const int Workers = 6;

    /// <summary>Kestrel's default limit of a request's headers (32 KB), beyond which it answers 431 and closes.</summary>
    private const int OversizedHeaders = 32 * 1024;

    [Fact]
    public async Task RandomHostileRequests_NeverAFiveHundred_NothingUnaudited_NodeHealthy_MemoryBounded()
    {
        output.WriteLine($"hostile seed {HostileSeed.Seed} (replay: {HostileSeed.Replay}), budget {HostileSeed.Budget.TotalSeconds:0} s");
        await using var node = await HostileNode.StartAsync();
        var session0326 = await node.OpenSessionAsync(node.AdminToken, "2025-03-26");
        var session1125 = await node.OpenSessionAsync(node.AdminToken, "2025-11-25");
        using var legacyStop = new CancellationTokenSource();
        var (legacyPath, legacyDrain) = await OpenLegacyStreamAsync(node, legacyStop.Token);
        var targets = new HostileTargets(
            node.AdminToken, node.DeveloperToken, node.RolelessToken, HostileNode.IssuerToken, session0326, session1125, legacyPath,
            ["rec.whoami", "rec.progress", "rec.wait", "hello.echo", "hello.sum", "hello.nope", "nope", ""], ["rec", "hello"]);

        // Class 9 seen from outside: the backends stay in the catalogue through the whole run.
        var catalogue = node.Gateway.Services.GetRequiredService<ICatalogue>();
        var dropped = new ConcurrentQueue<string>();
        void OnChanged(CatalogueSnapshot snapshot)
        {
            foreach (var tool in new[] { "rec.whoami", "hello.echo" })
            {
                if (snapshot.FindTool(tool) is null)
                {
                    dropped.Enqueue(tool);
                }
            }
        }

        catalogue.Changed += OnChanged;
        var heapBefore = FullCollection();

        var generator = new HostileGenerator(HostileSeed.Seed, targets);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var kinds = new ConcurrentDictionary<string, int>();
        var next = 0;
        var gate = new object();
        var clock = Stopwatch.StartNew();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Workers * 2 };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < HostileSeed.Budget)
            {
                HostileCase request;
                lock (gate)
                {
                    request = generator.Next(next++);
                }

                kinds.AddOrUpdate(request.Kind.Split('/', '+')[0], 1, (_, n) => n + 1);
                var (status, problem) = await SendAsync(http, node, request);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (problem is not null)
                {
                    failures.Enqueue($"{problem}\n    {request.Describe()}");
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        catalogue.Changed -= OnChanged;
        await legacyStop.CancelAsync();
        await legacyDrain;

        var ran = next;
        output.WriteLine($"{ran} hostile requests in {clock.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))})");
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        // Every property is checked, and every one broken is reported at once.
        var broken = new List<string>();
        if (ran < 1000)
        {
            broken.Add($"only {ran} requests ran within the budget");
        }

        if (!failures.IsEmpty)
        {
            broken.Add($"{failures.Count} of {ran} hostile requests failed:\n" + Summary(failures));
        }

        var unaudited = await node.UnauditedBackendCallsAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"calls that reached the backend: {node.BackendCallsByRequestId().Values.Sum()}");
        if (unaudited.Count > 0)
        {
            broken.Add($"{unaudited.Count} request ids reached the backend without their audit records:\n" + string.Join("\n", unaudited.Take(25)));
        }

        if (!dropped.IsEmpty)
        {
            broken.Add($"the catalogue dropped {string.Join(", ", dropped.Distinct())} during the run");
        }

        var heapAfter = FullCollection();
        output.WriteLine($"managed heap after a full collection: {heapBefore / 1048576} MB before, {heapAfter / 1048576} MB after");
        if (heapAfter - heapBefore >= HeapGrowthBound)
        {
            broken.Add($"the managed heap grew by {(heapAfter - heapBefore) / 1048576} MB over the run (bound {HeapGrowthBound / 1048576} MB)");
        }

        var logged = node.Logs.ErrorsOrStackTraces();
        if (logged.Count > 0)
        {
            broken.Add($"{logged.Count} log entries at Error level or with an exception:\n" + LogCapture.Describe(logged));
        }

        Assert.True(broken.Count == 0, $"seed {HostileSeed.Seed} (replay with {HostileSeed.Replay}):\n" + string.Join("\n\n", broken));

        // Last, the node still serves normal calls through both backends.
        await node.AssertServesNormallyAsync();
    }

    /// <summary>Sends one case; the problem, if any: a 5xx, no answer, or a REST error not in the REST shape.</summary>
    private static async Task<(int Status, string? Problem)> SendAsync(HttpClient http, HostileNode node, HostileCase request)
    {
        // The path is appended as written ("//x" is a path here, not a host).
        if (!Uri.TryCreate(node.Gateway.BaseAddress.GetLeftPart(UriPartial.Authority) + request.Path, UriKind.Absolute, out var url))
        {
            return (0, "the generator made an unsendable path");
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), url);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                if (message.Content is not null && !message.Content.Headers.TryAddWithoutValidation(name, value))
                {
                    return (0, "the generator made an unsendable Content-Type");
                }
            }
            else if (value.Length > 0 || !name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            // An event stream may be long-lived (GET /mcp, /sse, subscriptions/listen): what comes within a few seconds
            // is read, then it is left. Every other answer is read whole (up to 256 KB).
            var stream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
            var body = await ReadBoundedAsync(response, 256 * 1024, stream ? TimeSpan.FromSeconds(3) : null);

            if (status >= 500)
            {
                return (status, $"HTTP {status}: {Shorten(body)}");
            }

            if (request.Path.StartsWith("/mcp/invoke", StringComparison.Ordinal) && request.Method == "POST" && status is 400 or 413 or 415
                && HostileNode.Json(body)?["error"]?["kind"] is null)
            {
                return (status, $"HTTP {status} on /mcp/invoke not in the REST shape: {Shorten(body)}");
            }

            return (status, null);
        }
        catch (HttpRequestException) when (request.Headers.Sum(h => h.Key.Length + h.Value.Length) > OversizedHeaders)
        {
            // Kestrel answers headers over its limit with 431 and closes the connection, maybe while the body is still
            // being sent: the client then sees the connection closed instead of the answer.
            return (431, null);
        }
        catch (HttpRequestException exception)
        {
            return (0, "no answer: " + exception.Message);
        }
        catch (TaskCanceledException)
        {
            return (0, "no answer within 60 s");
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> bytes of the answer; with <paramref name="leaveAfter"/>, what came by then (a
    /// stream that is still open is left), else the whole answer (the client's 60 s timeout applies).
    /// </summary>
    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, int limit, TimeSpan? leaveAfter)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[limit];
        var read = 0;
        int n;
        using var timeout = new CancellationTokenSource(leaveAfter ?? TimeSpan.FromSeconds(60));
        try
        {
            while (read < limit && (n = await stream.ReadAsync(buffer.AsMemory(read, limit - read), timeout.Token)) > 0)
            {
                read += n;
            }
        }
        catch (OperationCanceledException) when (leaveAfter is not null)
        {
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>How many failures of each kind (the problem's first words), and a few cases of each.</summary>
    private static string Summary(IEnumerable<string> failures) => string.Join("\n", failures
        .GroupBy(f => string.Join(' ', f.Split(' ', 3).Take(2)))
        .OrderByDescending(g => g.Count())
        .Select(g => $"== {g.Count()} × {g.Key}\n" + string.Join("\n", g.Take(6))));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static long FullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Opens a legacy SSE stream for the admin caller: its message path, and the task reading it until stopped.</summary>
    private static async Task<(string Path, Task Drain)> OpenLegacyStreamAsync(HostileNode node, CancellationToken stop)
    {
        var get = new HttpRequestMessage(HttpMethod.Get, node.Url("/sse"));
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", node.AdminToken);
        get.Headers.Accept.ParseAdd("text/event-stream");
        var response = await node.Http.SendAsync(get, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var announced = await SseEvent.ReadAsync(reader, stop);
        Assert.Equal("endpoint", announced?.Event);
        var path = announced!.Data;
        var drain = Task.Run(async () =>
        {
            try
            {
                while (await reader.ReadLineAsync(stop) is not null)
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
            finally
            {
                reader.Dispose();
                response.Dispose();
                get.Dispose();
            }
        }, CancellationToken.None);
        return (path, drain);
    }
}
