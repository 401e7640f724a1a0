using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static McpGateway.Edge.Tests.Cluster.ClusterMessages;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>
/// A mixed load on a cluster's ingress, as clients would make it, that keeps what was acknowledged: stateless
/// (2026-07-28) calls, calls on a stateful (2025-06-18) session, calls over legacy HTTP+SSE (2024-11-05) sessions whose
/// stream and posts land on whatever nodes nginx picks, and asynchronous jobs. A client whose node went away (a 502 or
/// 503, a broken connection, a closed stream) tries again, reconnecting when it has to; only answers that arrived count.
/// </summary>
internal sealed class ClusterLoad(LocalCluster cluster) : IAsyncDisposable
{
    public const string StatelessTool = "hello.echo";
    public const string SessionTool = "hello-sse.echo";
    public const string JobTool = "hello.sum";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];

    /// <summary>The request id (<c>X-Request-ID</c>) of every call answered with its own result, by kind of client.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Acknowledged { get; } = new(StringComparer.Ordinal);

    /// <summary>The id of every job whose submission was acknowledged (202).</summary>
    public ConcurrentBag<string> Jobs { get; } = [];

    /// <summary>Failed attempts (node gone, draining, stream closed) that the clients retried.</summary>
    public int Retries => _retries;

    private int _retries;

    public void Start()
    {
        _clients.Add(Task.Run(() => StatelessAsync(_stop.Token)));
        _clients.Add(Task.Run(() => StatelessAsync(_stop.Token)));
        _clients.Add(Task.Run(() => SessionAsync(_stop.Token)));
        _clients.Add(Task.Run(() => LegacyAsync(_stop.Token)));
        _clients.Add(Task.Run(() => JobsAsync(_stop.Token)));
    }

    /// <summary>Waits until every kind of client has had <paramref name="more"/> further acknowledgements.</summary>
    public Task WaitForProgressAsync(int more, TimeSpan timeout)
    {
        var target = Kinds.ToDictionary(k => k, k => Count(k) + more);
        string Progress() => $"{string.Join(", ", Kinds.Select(k => $"{k} {Count(k)}/{target[k]}"))}, {Retries} retries";
        return Eventually.UntilAsync(
            () =>
            {
                // A client that ended (failed, or stopped early) fails the wait at once.
                if (_clients.FirstOrDefault(c => c.IsCompleted) is { } ended)
                {
                    ended.GetAwaiter().GetResult();
                    throw new InvalidOperationException("A load client stopped: " + Progress());
                }

                return Kinds.All(k => Count(k) >= target[k]);
            },
            $"the load to make progress ({more} more of each kind)",
            timeout,
            Progress);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients).WaitAsync(TimeSpan.FromSeconds(90));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private static readonly string[] Kinds = ["stateless", "session", "legacy", "jobs"];

    private int Count(string kind) => kind == "jobs" ? Jobs.Count : Acknowledged.GetOrAdd(kind, _ => []).Count;

    private void Acknowledge(string kind, HttpResponseMessage response) =>
        Acknowledged.GetOrAdd(kind, _ => []).Add(response.Headers.GetValues("X-Request-ID").Single());

    private async Task StatelessAsync(CancellationToken stop)
    {
        using var http = cluster.Client();
        using var raw = new RawMcp(new Uri(cluster.Ingress, "/mcp"));
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var text = $"stateless {Guid.NewGuid():N}";
            await AttemptAsync(stop, async () =>
            {
                using var request = raw.Stateless2026("tools/call", new JsonObject { ["name"] = StatelessTool, ["arguments"] = new JsonObject { ["message"] = text } }, id: i);
                request.Headers.Authorization = http.DefaultRequestHeaders.Authorization;
                using var response = await http.SendAsync(request, stop);
                var body = await ReadJsonAsync(response, stop);
                if (response.StatusCode == HttpStatusCode.OK && body?["result"] is JsonObject && EchoText(body) == text)
                {
                    Acknowledge("stateless", response);
                    return true;
                }

                return false;
            });
        }
    }

    private async Task SessionAsync(CancellationToken stop)
    {
        using var http = cluster.Client();
        var endpoint = new Uri(cluster.Ingress, "/mcp");
        string? sessionId = null;
        for (var id = 2; !stop.IsCancellationRequested; id++)
        {
            var text = $"session {Guid.NewGuid():N}";
            var next = id;
            await AttemptAsync(stop, async () =>
            {
                sessionId ??= await OpenSessionAsync(http, endpoint);
                using var response = await PostAsync(http, endpoint, Echo(next, text), sessionId, "2025-06-18");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    sessionId = null;
                }

                var body = await ReadJsonAsync(response, stop);
                if (response.StatusCode == HttpStatusCode.OK && body?["result"] is JsonObject && EchoText(body) == text)
                {
                    Acknowledge("session", response);
                    return true;
                }

                return false;
            });
        }

        static async Task<string> OpenSessionAsync(HttpClient http, Uri endpoint)
        {
            using var opened = await PostAsync(http, endpoint, Initialize(1, "2025-06-18"));
            opened.EnsureSuccessStatusCode();
            var id = opened.Headers.GetValues("Mcp-Session-Id").Single();
            using var initialized = await PostAsync(http, endpoint, Initialized(), id, "2025-06-18");
            initialized.EnsureSuccessStatusCode();
            return id;
        }
    }

    /// <summary>
    /// A legacy client: its stream is wherever nginx put it, its posts go wherever nginx sends them (the cluster bus
    /// carries them to the stream's node). When the stream closes (its node stopped or died), it opens a new session.
    /// </summary>
    private async Task LegacyAsync(CancellationToken stop)
    {
        using var http = cluster.Client(timeout: Timeout.InfiniteTimeSpan);
        SseReader? stream = null;
        Uri? endpoint = null;
        try
        {
            for (var id = 2; !stop.IsCancellationRequested; id++)
            {
                var text = $"legacy {Guid.NewGuid():N}";
                var next = id;
                var ok = await AttemptAsync(stop, async () =>
                {
                    if (stream is null)
                    {
                        (stream, endpoint) = await OpenLegacyAsync(http);
                    }

                    using var posted = await PostAsync(http, endpoint!, Echo(next, text));
                    if (posted.StatusCode != HttpStatusCode.Accepted)
                    {
                        return false;
                    }

                    var answer = await stream.NextEventAsync(TimeSpan.FromSeconds(30));
                    if (answer is not { Event: "message" } message)
                    {
                        return false;
                    }

                    var body = JsonNode.Parse(message.Data)!.AsObject();
                    if (body["id"]?.GetValue<int>() != next || body["result"] is not JsonObject || EchoText(body) != text)
                    {
                        return false;
                    }

                    Acknowledge("legacy", posted);
                    return true;
                });
                if (!ok && stream is not null)
                {
                    await stream.DisposeAsync();
                    stream = null;
                }
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }

        async Task<(SseReader, Uri)> OpenLegacyAsync(HttpClient client)
        {
            var (opened, response) = await SseReader.TryOpenAsync(client, new Uri(cluster.Ingress, "/sse"));
            if (opened is not { } reader)
            {
                // Refused: reconnecting while nodes restart can open sessions faster than GATEWAY_INITIALIZE_PER_MINUTE
                // allows (429); wait as told, as a client should, then retry.
                var status = (int)response.StatusCode;
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                response.Dispose();
                await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5), stop);
                throw new InvalidOperationException($"The legacy stream was refused with {status}.");
            }

            var announced = await reader.NextEventAsync(TimeSpan.FromSeconds(30)) ?? throw new IOException("The stream closed before announcing its endpoint.");
            var url = new Uri(cluster.Ingress, announced.Data);
            using (var initialize = await PostAsync(client, url, Initialize(1, "2024-11-05")))
            {
                initialize.EnsureSuccessStatusCode();
            }

            if (await reader.NextEventAsync(TimeSpan.FromSeconds(30)) is null)
            {
                throw new IOException("The stream closed during initialization.");
            }

            using (var initialized = await PostAsync(client, url, Initialized()))
            {
                initialized.EnsureSuccessStatusCode();
            }

            return (reader, url);
        }
    }

    private async Task JobsAsync(CancellationToken stop)
    {
        using var http = cluster.Client();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var submit = new JsonObject { ["tool_name"] = JobTool, ["arguments"] = new JsonObject { ["numbers"] = new JsonArray(i, 1) }, ["async"] = true };
            await AttemptAsync(stop, async () =>
            {
                using var response = await http.PostAsJsonAsync(new Uri(cluster.Ingress, "/mcp/invoke"), submit, stop);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    return false;
                }

                Jobs.Add((await ReadJsonAsync(response, stop))!["job_id"]!.GetValue<string>());
                return true;
            });
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>One attempt; a failure (refused, node gone, stream closed) counts as a retry and pauses a little.</summary>
    private async Task<bool> AttemptAsync(CancellationToken stop, Func<Task<bool>> attempt)
    {
        bool ok;
        try
        {
            ok = await attempt();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or InvalidOperationException or TimeoutException)
        {
            ok = false;
        }

        if (!ok && !stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _retries);
            await Task.Delay(100, CancellationToken.None);
        }

        return ok;
    }

    private static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken stop)
    {
        var text = await response.Content.ReadAsStringAsync(stop);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            text = SseEvent.Parse(text).LastOrDefault()?.Data ?? "";
        }

        try
        {
            return text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
