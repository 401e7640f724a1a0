using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Identity;
using McpGateway.Edge.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace McpGateway.Edge.Tests.Mcp;

/// <summary>
/// JSON-RPC batches (2025-03-26 sessions) cannot amplify a request: their length is capped before anything runs, their
/// messages run a few at a time and in order, their answers stay within a byte limit however large each is, and each
/// message (listings too) spends the caller's quota like a request of its own.
/// </summary>
public sealed class BatchLimitsTests(BatchLimitsTests.Fixture fixture) : IClassFixture<BatchLimitsTests.Fixture>, IDisposable
{
    private const int AnswerLimit = 64 * 1024;
    private const int MaxLength = 32;
    private const int Concurrency = 4;

    private readonly GuardedBackend _backend = fixture.Backend;
    private readonly RawMcp _raw = new(fixture.Gateway.McpEndpoint);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose()
    {
        _raw.Dispose();
        _http.Dispose();
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public GuardedBackend Backend { get; private set; } = null!;

        public GatewayHost Gateway { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // A listing of about 30 KB: two fit in the batch's answer limit, a third does not.
            Backend = await GuardedBackend.StartAsync();
            Backend.FillerTools = 120;
            Gateway = await StartGatewayAsync(Backend, new Dictionary<string, string> { ["GATEWAY_MAX_BATCH_RESPONSE_BYTES"] = AnswerLimit.ToString() });
        }

        public async Task DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
        }
    }

    private static async Task<GatewayHost> StartGatewayAsync(GuardedBackend backend, Dictionary<string, string> environment, Action<IServiceCollection>? services = null)
    {
        var gateway = await GatewayHost.StartAsync(
            $"""
              - name: guarded
                transport: streamable-http
                url: {backend.Endpoint}

            """,
            environment,
            services: services);
        using var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await gateway.WaitForToolAsync("guarded.work", discovered.Token);
        return gateway;
    }

    private static JsonObject Request(int id, string method, JsonObject? parameters = null) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };

    private static JsonObject Work(int id) => Request(id, "tools/call", new JsonObject { ["name"] = "guarded.work", ["arguments"] = new JsonObject() });

    private async Task<(int Status, string Text)> SendBatchAsync(RawSession session, IEnumerable<JsonObject> messages)
    {
        using var response = await _http.SendAsync(session.Batch(_raw, new JsonArray([.. messages])));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BatchLongerThanTheLimit_IsRefusedBeforeAnyMessageRuns()
    {
        var session = await RawSession.OpenAsync(_raw, "2025-03-26");
        var before = _backend.Calls;

        var (status, text) = await SendBatchAsync(session, Enumerable.Range(0, MaxLength + 1).Select(Work));

        Assert.Equal(400, status);
        var error = JsonNode.Parse(text)!["error"]!;
        Assert.Equal(-32600, error["code"]!.GetValue<int>());
        Assert.Contains($"at most {MaxLength} messages (GATEWAY_MAX_BATCH_LENGTH), this one {MaxLength + 1}", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, _backend.Calls);

        // The limit itself is served.
        var (served, answers) = await SendBatchAsync(session, Enumerable.Range(0, MaxLength).Select(Work));
        Assert.Equal(200, served);
        Assert.All(JsonNode.Parse(answers)!.AsArray(), a => Assert.Equal("done", a!["result"]!["content"]![0]!["text"]!.GetValue<string>()));
        Assert.Equal(before + MaxLength, _backend.Calls);
    }

    /// <summary>
    /// The largest batch of the largest answers the gateway makes itself: the body never exceeds the limit but for one
    /// short error per message; the answers are complete up to the first that does not fit, every later one is the
    /// documented error, and the requests met after that were not run at all.
    /// </summary>
    [Fact]
    public async Task MaxLengthBatchOfListings_StaysWithinTheAnswerLimit()
    {
        var session = await RawSession.OpenAsync(_raw, "2025-03-26");
        var (_, single, _) = await _raw.SendAsync(session.Call(_raw, "tools/list"));
        var listingBytes = single!["result"]!.ToJsonString().Length;
        Assert.True(listingBytes > AnswerLimit / 3, $"the listing is only {listingBytes} bytes");

        var (status, text) = await SendBatchAsync(session, Enumerable.Range(0, MaxLength).Select(i => Request(i, "tools/list")));

        Assert.Equal(200, status);
        var answers = JsonNode.Parse(text)!.AsArray();
        Assert.Equal(Enumerable.Range(0, MaxLength), answers.Select(a => a!["id"]!.GetValue<int>()));
        var complete = answers.TakeWhile(a => a!["result"] is not null).ToList();
        Assert.InRange(complete.Count, 1, 2);
        Assert.All(complete, a => Assert.Equal(121, a!["result"]!["tools"]!.AsArray().Count));
        Assert.True(complete.Sum(a => a!.ToJsonString().Length + 1) + 1 <= AnswerLimit);

        var refused = answers.Skip(complete.Count).ToList();
        Assert.All(refused, a =>
        {
            Assert.Equal(-32016, a!["error"]!["code"]!.GetValue<int>());
            Assert.Equal("batch_response_limit", a["error"]!["data"]!["reason"]!.GetValue<string>());
            Assert.Equal(AnswerLimit, a["error"]!["data"]!["limitBytes"]!.GetValue<int>());
            Assert.True(a.ToJsonString().Length < 400);
        });

        // The first that did not fit and those started beside it were handled; none after them was run.
        var started = refused.TakeWhile(a => a!["error"]!["data"]!["started"]!.GetValue<bool>()).Count();
        Assert.Equal(Concurrency, started);
        Assert.All(refused.Skip(started), a => Assert.False(a!["error"]!["data"]!["started"]!.GetValue<bool>()));
        Assert.True(text.Length <= AnswerLimit + (MaxLength * 400), $"{text.Length} bytes");
    }

    /// <summary>At most the configured number of messages run at once; the answers come in the order of the requests.</summary>
    [Fact]
    public async Task Messages_RunAFewAtATime_AndAreAnsweredInOrder()
    {
        var session = await RawSession.OpenAsync(_raw, "2025-03-26");
        _backend.CloseGate();
        try
        {
            var messages = Enumerable.Range(0, 10).Select(i => i % 3 == 1 ? Request(i, "ping") : Work(i)).ToList();
            var batch = SendBatchAsync(session, messages);
            await Eventually.UntilAsync(() => _backend.InFlight >= Concurrency - 1, "the first window of the batch to reach the backend");

            // Work at 0, 2, 3 (ping at 1 answers at once and lets the window move on): held at the backend. The window
            // offers no "full" signal, so that no fourth call started is checked once these three arrived (docs/testing.md).
            Assert.Equal(Concurrency - 1, _backend.InFlight);
            Assert.False(batch.IsCompleted);
            _backend.Release();

            var (status, text) = await batch;
            Assert.Equal(200, status);
            var answers = JsonNode.Parse(text)!.AsArray();
            Assert.Equal(Enumerable.Range(0, 10), answers.Select(a => a!["id"]!.GetValue<int>()));
            Assert.All(answers.Where(a => a!["id"]!.GetValue<int>() % 3 != 1), a => Assert.Equal("done", a!["result"]!["content"]![0]!["text"]!.GetValue<string>()));
            Assert.InRange(_backend.MaxInFlight, 1, Concurrency);
        }
        finally
        {
            _backend.Release();
        }
    }

    [Fact]
    public async Task BatchOfNotificationsOnly_Is202()
    {
        var session = await RawSession.OpenAsync(_raw, "2025-03-26");
        var (status, text) = await SendBatchAsync(session, [new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" }]);
        Assert.Equal(202, status);
        Assert.Equal("", text);
    }

    /// <summary>
    /// Listings spend the caller's quota like calls, alone or in a batch: a batch is no way around the rate limit. The
    /// clock stands still, so exactly the burst is admitted.
    /// </summary>
    [Fact]
    public async Task ListingsAndCalls_SpendTheUserQuota_AloneOrInABatch()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var backend = await GuardedBackend.StartAsync();
        await using var gateway = await StartGatewayAsync(
            backend,
            new Dictionary<string, string> { ["RATE_LIMIT_USER_PER_MINUTE"] = "60", ["RATE_LIMIT_USER_BURST"] = "6" },
            services => services.AddSingleton<TimeProvider>(clock));
        using var raw = new RawMcp(gateway.McpEndpoint);
        var session = await RawSession.OpenAsync(raw, "2025-03-26");

        // One token for a single listing.
        var (_, single, _) = await raw.SendAsync(session.Call(raw, "tools/list"));
        Assert.NotNull(single!["result"]);

        // Five left for a batch of eight: listings and calls alike, in order, then the quota's refusal.
        var messages = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? Request(i, "tools/list") : Work(i));
        using var response = await _http.SendAsync(session.Batch(raw, new JsonArray([.. messages])));
        var answers = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal(5, answers.Count(a => a!["result"] is not null));
        Assert.All(answers.Skip(5), a =>
        {
            Assert.Equal(-32029, a!["error"]!["code"]!.GetValue<int>());
            Assert.Equal("user_quota", a["error"]!["data"]!["reason"]!.GetValue<string>());
        });
        Assert.Equal(2, backend.Calls);

        // And the single listing after it is refused like a call, with the rate-limit headers.
        var (status, refused, refusal) = await raw.SendAsync(session.Call(raw, "tools/list"));
        Assert.Equal(200, status);
        Assert.Equal(-32029, RawMcp.ErrorCode(refused));
        Assert.True(refusal.Headers.Contains("Retry-After"));

        var metrics = await _http.GetStringAsync(new Uri(gateway.BaseAddress, "/metrics"));
        Assert.Contains("mcpgw_admission_refusals_total{tool=\"\",reason=\"user_quota\"} 4\n", metrics, StringComparison.Ordinal);

        // A token a second: the next listing is served again.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull((await raw.SendAsync(session.Call(raw, "tools/list"))).Body!["result"]);
    }
}
