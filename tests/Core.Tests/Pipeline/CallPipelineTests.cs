using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Pipeline;

public sealed class CallPipelineTests
{
    private sealed class FixedCatalogue(CatalogueSnapshot snapshot) : ICatalogue
    {
        public CatalogueSnapshot Current => snapshot;

        public IReadOnlyList<BackendHealth> Health => [];

        public event Action<CatalogueSnapshot>? Changed { add { } remove { } }
    }

    private sealed class RecordingDispatcher : IBackendDispatcher
    {
        public List<(string Backend, string Method, JsonObject Params)> Calls { get; } = [];

        public ValueTask<BackendResponse> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken)
        {
            Calls.Add((backend, method, parameters));
            return ValueTask.FromResult(BackendResponse.Success(new JsonObject { ["content"] = new JsonArray() }));
        }
    }

    private sealed class ListSink : IAuditSink
    {
        public List<AuditRecord> Records { get; } = [];

        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Records.Add(record);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Refuse(GatewayErrorKind kind) : IAuthorizationPolicy, IArgumentValidator
    {
        public ValueTask<GatewayError?> AuthorizeAsync(CallContext context) => ValueTask.FromResult<GatewayError?>(new GatewayError(kind, "no"));

        public ValueTask<GatewayError?> ValidateAsync(CallContext context) => AuthorizeAsync(context);
    }

    private static (CallPipeline Pipeline, RecordingDispatcher Dispatcher, ListSink Sink) Build(IAuthorizationPolicy[]? policies = null, IArgumentValidator[]? validators = null)
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("hello", "hello", true)],
            new Dictionary<string, BackendDiscovery>
            {
                ["hello"] = new("hello", [new JsonObject { ["name"] = "echo" }], [], [], [], false, DateTimeOffset.UnixEpoch),
            },
            1);
        var dispatcher = new RecordingDispatcher();
        var sink = new ListSink();
        ICallStep[] steps =
        [
            new RecordStep([sink], TimeProvider.System),
            new AuthenticateStep(),
            new ResolveStep(new FixedCatalogue(snapshot)),
            new AuthorizeStep(policies ?? []),
            new AdmitStep([]),
            new ValidateStep(validators ?? []),
            new CheckStep([]),
        ];
        return (new CallPipeline(steps, new DispatchStep(dispatcher).InvokeAsync), dispatcher, sink);
    }

    private static CallContext Call(string name, string? scope = null, bool authenticated = true) => new()
    {
        RequestId = "r1",
        CorrelationId = "c1",
        Caller = authenticated ? CallerIdentity.Anonymous(["admin"]) : null,
        Endpoint = "mcp",
        Scope = scope,
        Kind = CallKind.ToolCall,
        Name = name,
        Params = new JsonObject
        {
            ["name"] = name,
            ["arguments"] = new JsonObject { ["message"] = "hi" },
            ["_meta"] = new JsonObject { ["progressToken"] = 5, ["io.modelcontextprotocol/protocolVersion"] = "2026-07-28" },
        },
        StartedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Invoke_DispatchesUnderTheBackendsName_KeepingArgumentsAndMeta_ButNotProtocolMeta()
    {
        var (pipeline, dispatcher, sink) = Build();
        var result = await pipeline.InvokeAsync(Call("hello.echo"));

        Assert.True(result.IsSuccess);
        var call = Assert.Single(dispatcher.Calls);
        Assert.Equal(("hello", "tools/call"), (call.Backend, call.Method));
        Assert.Equal("echo", call.Params["name"]!.GetValue<string>());
        Assert.Equal("hi", call.Params["arguments"]!["message"]!.GetValue<string>());
        Assert.Equal(5, call.Params["_meta"]!["progressToken"]!.GetValue<int>());
        Assert.Null(call.Params["_meta"]!["io.modelcontextprotocol/protocolVersion"]);
        Assert.Equal("success", Assert.Single(sink.Records).Outcome);
    }

    [Theory]
    [InlineData("hello.nope", null, true, GatewayErrorKind.UnknownTool)]
    [InlineData("hello.echo", "other", true, GatewayErrorKind.OutOfScope)]
    [InlineData("hello.echo", null, false, GatewayErrorKind.Unauthenticated)]
    public async Task Invoke_Refusals_NeverReachTheBackend_AndAreRecorded(string name, string? scope, bool authenticated, GatewayErrorKind expected)
    {
        var (pipeline, dispatcher, sink) = Build();
        var result = await pipeline.InvokeAsync(Call(name, scope, authenticated));

        Assert.Equal(expected, result.Error!.Kind);
        Assert.Empty(dispatcher.Calls);
        Assert.Equal(expected.ToString(), Assert.Single(sink.Records).ErrorKind);
    }

    [Fact]
    public async Task Invoke_RecordsThePolicyDecisionAndRule()
    {
        var kit = new Tests.Policy.PolicyKit("""
            roles:
              admin:
                tools: ["hello.*"]
                deny:
                  tools: ["hello.secret"]
            """);
        var policy = kit.Policy;
        var (pipeline, _, sink) = Build(policies: [kit.Authorization]);

        Assert.True((await pipeline.InvokeAsync(Call("hello.echo"))).IsSuccess);
        var record = Assert.Single(sink.Records);
        Assert.Equal(("allow", "roles.admin.tools:hello.*", policy.Version), (record.Decision, record.RuleId, record.PolicyVersion));
    }

    [Fact]
    public async Task Invoke_PolicyAndValidatorRefusals_StopTheCall()
    {
        var (byPolicy, dispatcher1, _) = Build(policies: [new Refuse(GatewayErrorKind.Forbidden)]);
        Assert.Equal(GatewayErrorKind.Forbidden, (await byPolicy.InvokeAsync(Call("hello.echo"))).Error!.Kind);
        Assert.Empty(dispatcher1.Calls);

        var (byValidator, dispatcher2, _) = Build(validators: [new Refuse(GatewayErrorKind.InvalidParams)]);
        Assert.Equal(GatewayErrorKind.InvalidParams, (await byValidator.InvokeAsync(Call("hello.echo"))).Error!.Kind);
        Assert.Empty(dispatcher2.Calls);
    }
}
