using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Cluster;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common.Postgres;

namespace McpGateway.Edge.Tests.Hosting;

/// <summary>
/// PostgreSQL down: every transport answers a call that needs the store with 503, <c>Retry-After</c> and JSON-RPC
/// -32603 "Store unavailable, retry later" (never 500, never an exception text), or, where the message was accepted
/// (a batch, the legacy stream), with that error as its answer; a session's own state lives in its grain, so its
/// messages are served when they need nothing else from the store. Once it is back, the same calls pass.
/// </summary>
public sealed class StoreOutageTransportTests : IAsyncLifetime
{
    private const string StoreUnavailable = "Store unavailable, retry later";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private PostgresServer _server = null!;
    private GatewayHost? _gateway;

    private GatewayHost Gateway => _gateway!;

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    /// <summary>A node on a fresh database of the test's server, once its backend is discovered.</summary>
    private async Task StartGatewayAsync(Dictionary<string, string>? environment = null)
    {
        var database = await _server.CreateDatabaseAsync("transports");
        _gateway = await GatewayHost.StartAsync(GatewayHost.HelloStdio(), environment, databaseUrl: database.Url);
        using var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _gateway.WaitForToolAsync("hello.echo", discovered.Token);
    }

    [Fact]
    public async Task Batch_On20250326Session_Answers503WhileTheStoreIsDown_AndIsServedAgainAfter()
    {
        await StartGatewayAsync();
        var session = await InitializeAsync("2025-03-26");
        string Batch() => """
            [{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"hello.echo","arguments":{"message":"batched"}}},
             {"jsonrpc":"2.0","id":"b","method":"tools/list"}]
            """;

        await _server.StopAsync();
        using (var down = await PostAsync(new Uri(Gateway.BaseAddress, "/mcp"), Batch(), session))
        {
            // The session lives in its grain, so the batch is served; each message is answered by its result, or by
            // the store's error when it needs the store (the whole batch is 503 only when its session cannot be read).
            if ((int)down.StatusCode == 503)
            {
                await AssertStoreUnavailableAsync(down);
            }
            else
            {
                Assert.Equal(200, (int)down.StatusCode);
                var downAnswers = JsonNode.Parse(await down.Content.ReadAsStringAsync())!.AsArray();
                Assert.Equal(2, downAnswers.Count);
                Assert.All(downAnswers, a => AssertResultOrStoreUnavailable(a!.AsObject()));
            }
        }

        await _server.StartAgainAsync();
        using var up = await PostAsync(new Uri(Gateway.BaseAddress, "/mcp"), Batch(), session);
        Assert.Equal(200, (int)up.StatusCode);
        var answers = JsonNode.Parse(await up.Content.ReadAsStringAsync())!.AsArray();
        Assert.Equal("batched", answers.Single(a => a!["id"]!.GetValue<string>() == "a")!["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task LegacySseMessages_Answer503WhileTheStoreIsDown_AndAreServedAgainAfter()
    {
        await StartGatewayAsync();
        await using var stream = await SseReader.OpenAsync(_http, new Uri(Gateway.BaseAddress, "/sse"));
        var endpoint = await stream.NextEventAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("endpoint", endpoint?.Event);
        var messages = new Uri(Gateway.BaseAddress, endpoint!.Data);
        string Echo(int id) => new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = $"legacy {id}" } },
        }.ToJsonString();

        await _server.StopAsync();
        using (var down = await PostAsync(messages, Echo(1)))
        {
            // Accepted (the session lives in its grain) and answered on the stream, or refused with the store's 503.
            if ((int)down.StatusCode == 503)
            {
                await AssertStoreUnavailableAsync(down);
            }
            else
            {
                Assert.Equal(202, (int)down.StatusCode);
                var downAnswer = await stream.NextMessageAsync();
                Assert.Equal(1, downAnswer["id"]!.GetValue<int>());
                AssertResultOrStoreUnavailable(downAnswer);
            }
        }

        await _server.StartAgainAsync();
        using var up = await PostAsync(messages, Echo(2));
        Assert.Equal(202, (int)up.StatusCode);
        var answer = await stream.NextMessageAsync();
        Assert.Equal(2, answer["id"]!.GetValue<int>());
        Assert.True(answer["result"] is not null, answer.ToJsonString());
        Assert.Equal("legacy 2", answer["result"]!["content"]![0]!["text"]!.GetValue<string>());
    }

    /// <summary>
    /// The database stops and starts while calls keep coming on every path: the answer is the result or the store's
    /// 503 (or, on the legacy stream and as a batch message's answer, its JSON-RPC error), never "Internal error".
    /// </summary>
    [Fact]
    public async Task StopsAndStartsUnderLoad_EveryPathAnswersTheResultOrStoreUnavailable_NeverAnInternalError()
    {
        await StartGatewayAsync();
        var session = await InitializeAsync("2025-03-26");
        await using var stream = await SseReader.OpenAsync(_http, new Uri(Gateway.BaseAddress, "/sse"));
        var messages = new Uri(Gateway.BaseAddress, (await stream.NextEventAsync(TimeSpan.FromSeconds(30)))!.Data);
        var unexpected = new ConcurrentQueue<string>();
        var served = new int[2];
        using var stop = new CancellationTokenSource();
        var batches = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await PostAsync(new Uri(Gateway.BaseAddress, "/mcp"),
                    """[{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"hello.echo","arguments":{"message":"batched"}}}]""", session);
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode == 200 && text.Contains("\"batched\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref served[0]);
                }
                else if (!((int)response.StatusCode == 503 && text.Contains(StoreUnavailable, StringComparison.Ordinal)) && !IsStoreUnavailableAnswer(response, text))
                {
                    unexpected.Enqueue($"batch: {(int)response.StatusCode} {text}");
                }
            }
        });
        var legacy = Task.Run(async () =>
        {
            for (var id = 1; !stop.IsCancellationRequested; id++)
            {
                using var response = await PostAsync(messages, new JsonObject
                {
                    ["jsonrpc"] = "2.0",
                    ["id"] = id,
                    ["method"] = "tools/call",
                    ["params"] = new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = "legacy" } },
                }.ToJsonString());
                if ((int)response.StatusCode != 202)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode != 503 || !text.Contains(StoreUnavailable, StringComparison.Ordinal))
                    {
                        unexpected.Enqueue($"legacy post: {(int)response.StatusCode} {text}");
                    }

                    continue;
                }

                var answer = await stream.NextMessageAsync();
                if (answer["result"]?["content"]?[0]?["text"]?.GetValue<string>() == "legacy")
                {
                    Interlocked.Increment(ref served[1]);
                }
                else if (answer["error"]?["code"]?.GetValue<int>() != -32603 || answer["error"]?["message"]?.GetValue<string>() != StoreUnavailable)
                {
                    unexpected.Enqueue($"legacy stream: {answer.ToJsonString()}");
                }
            }
        });

        for (var round = 0; round < 6; round++)
        {
            var before = served.ToArray();
            await Eventually.UntilAsync(
                () => (Volatile.Read(ref served[0]) > before[0] && Volatile.Read(ref served[1]) > before[1]) || batches.IsCompleted || legacy.IsCompleted,
                $"a call served on both paths after the restart (round {round})",
                TimeSpan.FromSeconds(60),
                () => string.Join("\n", unexpected));

            await _server.StopAsync();
            await Task.Delay(300);
            await _server.StartAgainAsync();
        }

        await stop.CancelAsync();
        await Task.WhenAll(batches, legacy).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(unexpected);
    }

    /// <summary>
    /// A batch whose session was found but whose message met the outage while served: the message's own answer is the
    /// store's error (answers are streamed, the other messages keep theirs).
    /// </summary>
    private static bool IsStoreUnavailableAnswer(HttpResponseMessage response, string text) =>
        (int)response.StatusCode == 200
        && JsonNode.Parse(text) is JsonArray { Count: 1 } answers
        && answers[0]!["error"]?["code"]?.GetValue<int>() == -32603
        && answers[0]!["error"]?["message"]?.GetValue<string>() == StoreUnavailable;

    private async Task<string> InitializeAsync(string revision)
    {
        using var response = await PostAsync(new Uri(Gateway.BaseAddress, "/mcp"),
            new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = 0,
                ["method"] = "initialize",
                ["params"] = new JsonObject { ["protocolVersion"] = revision, ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "outage", ["version"] = "1" } },
            }.ToJsonString());
        Assert.Equal(200, (int)response.StatusCode);
        return response.Headers.GetValues("Mcp-Session-Id").Single();
    }

    private async Task<HttpResponseMessage> PostAsync(Uri url, string body, string? session = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>A JSON-RPC answer that is a result, or the store's error (never "Internal error").</summary>
    private static void AssertResultOrStoreUnavailable(JsonObject answer)
    {
        if (answer["error"] is { } error)
        {
            Assert.Equal(-32603, error["code"]!.GetValue<int>());
            Assert.Equal(StoreUnavailable, error["message"]!.GetValue<string>());
        }
        else
        {
            Assert.NotNull(answer["result"]);
        }
    }

    private static async Task AssertStoreUnavailableAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 503, $"expected 503, got {(int)response.StatusCode}: {text}");
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(-32603, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(StoreUnavailable, body["error"]!["message"]!.GetValue<string>());
        Assert.DoesNotContain("Npgsql", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }
}
