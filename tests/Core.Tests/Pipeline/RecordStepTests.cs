using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Pipeline;

/// <summary>
/// The record step never throws and never skips: whatever the params hold (made in process, where the edge's strict
/// reader did not look), and however the call ends, exactly one record is handed to every sink.
/// </summary>
public sealed class RecordStepTests
{
    private sealed class ListSink : IAuditSink
    {
        public List<AuditRecord> Records { get; } = [];

        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Records.Add(record);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class BrokenSink : IAuditSink
    {
        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken) => throw new FormatException("a bug in a sink");
    }

    /// <summary>Runs one call through the record step; the "backend" counts its runs, then answers or throws.</summary>
    private static async Task<(CallResult? Result, Exception? Thrown, int Runs, List<AuditRecord> Records)> RunAsync(
        CallContext context, Func<CallResult>? answer = null, IAuditSink? extraSink = null, bool includeArguments = true)
    {
        var sink = new ListSink();
        var runs = 0;
        IAuditSink[] sinks = extraSink is null ? [sink] : [extraSink, sink];
        var step = new RecordStep(sinks, TimeProvider.System, new AuditOptions { IncludeArguments = includeArguments });
        try
        {
            var result = await step.InvokeAsync(context, _ =>
            {
                runs++;
                return ValueTask.FromResult((answer ?? (() => CallResult.Success(new JsonObject { ["content"] = new JsonArray() })))());
            });
            return (result, null, runs, sink.Records);
        }
        catch (Exception exception)
        {
            return (null, exception, runs, sink.Records);
        }
    }

    private static CallContext Call(JsonObject parameters, string name = "hello.echo", byte[]? body = null) => new()
    {
        RequestId = "r1",
        CorrelationId = "c1",
        Caller = CallerIdentity.Anonymous(["admin"]),
        Endpoint = "mcp",
        Kind = CallKind.ToolCall,
        Name = name,
        Params = parameters,
        RequestBody = body,
        StartedAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Params as a lenient parser leaves them: a repeated name only fails when the object is read.</summary>
    private static JsonObject Lenient(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task RepeatedNameInArguments_IsRecordedWithTheDigestOfTheRequestBytes()
    {
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"hello.echo","arguments":{"tag":"a","tag":"b"}}}""");
        var context = Call(Lenient("""{"name":"hello.echo","arguments":{"tag":"a","tag":"b"}}"""), body: body);

        var (result, thrown, runs, records) = await RunAsync(context);

        Assert.Null(thrown);
        Assert.True(result!.IsSuccess);
        Assert.Equal(1, runs);
        var record = Assert.Single(records);
        Assert.Equal("raw:" + Convert.ToHexStringLower(SHA256.HashData(body)), record.ArgumentsDigest);
        Assert.Equal(body.Length, record.RequestBytes);
        Assert.Null(record.Arguments);
        Assert.Equal("success", record.Outcome);
    }

    [Fact]
    public async Task LoneSurrogates_InArgumentsAndName_AreRecordedWithoutRequestBytes()
    {
        var context = Call(Lenient("""{"name":"x","arguments":{"a":"\ud800"}}"""), name: "bad\ud800name");

        var (result, thrown, runs, records) = await RunAsync(context);

        Assert.Null(thrown);
        Assert.True(result!.IsSuccess);
        Assert.Equal(1, runs);
        var record = Assert.Single(records);
        Assert.Null(record.ArgumentsDigest);
        Assert.Equal(0, record.RequestBytes);
        Assert.Equal("bad\uFFFDname", record.Name);
    }

    private static JsonNode Deep()
    {
        JsonNode deep = new JsonArray();
        for (var i = 0; i < 5_000; i++)
        {
            deep = new JsonArray(deep);
        }

        return deep;
    }

    [Fact]
    public async Task ArgumentsDeeperThanAnyWriterTakes_AreRecorded()
    {
        var deep = Deep();
        var body = Encoding.UTF8.GetBytes("{}");
        var (result, thrown, _, records) = await RunAsync(Call(new JsonObject { ["name"] = "x", ["arguments"] = new JsonObject { ["deep"] = deep } }, body: body));

        Assert.Null(thrown);
        Assert.True(result!.IsSuccess);
        Assert.StartsWith("raw:", Assert.Single(records).ArgumentsDigest);
    }

    [Fact]
    public async Task AResultThatCannotBeWritten_IsRecorded()
    {
        var (result, thrown, _, records) = await RunAsync(
            Call(new JsonObject { ["name"] = "x", ["arguments"] = new JsonObject { ["a"] = 1 } }),
            () => CallResult.Success(new JsonObject { ["content"] = Deep() }));

        Assert.Null(thrown);
        Assert.True(result!.IsSuccess);
        var record = Assert.Single(records);
        Assert.Equal(0, record.ResponseBytes);
        Assert.Equal(64, record.ArgumentsDigest!.Length);
    }

    [Fact]
    public async Task ACallThatThrowsAfterTheBackendRan_IsRecordedOnce_AndTheExceptionGoesOn()
    {
        var (_, thrown, runs, records) = await RunAsync(
            Call(new JsonObject { ["name"] = "x", ["arguments"] = new JsonObject() }),
            () => throw new InvalidOperationException("a bug after the backend answered"));

        Assert.IsType<InvalidOperationException>(thrown);
        Assert.Equal(1, runs);
        var record = Assert.Single(records);
        Assert.Equal(nameof(GatewayErrorKind.Internal), record.ErrorKind);
    }

    [Fact]
    public async Task ACallThatThrowsWithUnwritableParams_IsRecordedOnce()
    {
        var (_, thrown, _, records) = await RunAsync(
            Call(Lenient("""{"name":"x","arguments":{"k":1,"k":2}}""")),
            () => throw new OperationCanceledException());

        Assert.IsType<OperationCanceledException>(thrown);
        Assert.Equal(nameof(GatewayErrorKind.Cancelled), Assert.Single(records).ErrorKind);
    }

    [Fact]
    public async Task AFailingSink_DoesNotKeepTheRecordFromTheOthers_AndTheCallerIsNotToldDone()
    {
        var (result, thrown, runs, records) = await RunAsync(Call(new JsonObject { ["name"] = "x" }), extraSink: new BrokenSink());

        Assert.Null(thrown);
        Assert.Equal(1, runs);
        Assert.Equal(GatewayErrorKind.AuditUnavailable, result!.Error!.Kind);
        Assert.Equal(nameof(GatewayErrorKind.AuditUnavailable), Assert.Single(records).ErrorKind);
    }
}
