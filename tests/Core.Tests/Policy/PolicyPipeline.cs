using System.Text.Json.Nodes;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Pipeline.Steps;

namespace McpGateway.Core.Tests.Policy;

/// <summary>
/// The real pipeline with the real policy authorization in front of two backends: <c>hello</c> (scope hello: tools
/// echo, sum; prompt plan; resource hello://greeting; completions) and <c>git</c> (scope git: tools log, push).
/// The dispatcher and the audit sink record what reached them.
/// </summary>
internal sealed class PolicyPipeline
{
    public PolicyPipeline(string policyYaml, IReadOnlyDictionary<string, RiskLevel>? risks = null)
    {
        Kit = new PolicyKit(policyYaml, risks);
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("hello", "hello", true), new CatalogueBackend("git", "git", true)],
            new Dictionary<string, BackendDiscovery>
            {
                ["hello"] = new("hello", [Named("echo"), Named("sum")], [Named("plan")], [new JsonObject { ["uri"] = "hello://greeting", ["name"] = "greeting" }], [], true, DateTimeOffset.UnixEpoch),
                ["git"] = new("git", [Named("log"), Named("push")], [], [], [], false, DateTimeOffset.UnixEpoch),
            },
            1);
        Catalogue = snapshot;
        ICallStep[] steps =
        [
            new RecordStep([Sink], Kit.Clock),
            new AuthenticateStep(),
            new ResolveStep(new FixedCatalogue(snapshot)),
            new AuthorizeStep([Kit.Authorization]),
            new AdmitStep([]),
            new ValidateStep([]),
            new CheckStep([]),
        ];
        Pipeline = new CallPipeline(steps, new DispatchStep(Dispatcher).InvokeAsync);
    }

    public PolicyKit Kit { get; }

    public CatalogueSnapshot Catalogue { get; }

    public CallPipeline Pipeline { get; }

    public RecordingDispatcher Dispatcher { get; } = new();

    public RecordingSink Sink { get; } = new();

    public static CallerIdentity Caller(string user, params string[] roles) => new(user, roles, "acme", [], false);

    public static CallContext Call(CallerIdentity caller, CallKind kind, string name, string? scope = null, JsonObject? arguments = null, string? approval = null)
    {
        var parameters = kind switch
        {
            CallKind.ResourceRead => new JsonObject { ["uri"] = name },
            CallKind.Completion => new JsonObject { ["ref"] = new JsonObject { ["type"] = "ref/prompt", ["name"] = name }, ["argument"] = new JsonObject { ["name"] = "a", ["value"] = "" } },
            _ => new JsonObject { ["name"] = name, ["arguments"] = arguments ?? new JsonObject() },
        };
        if (approval is not null)
        {
            parameters["_meta"] = new JsonObject { ["mcpgw/approval"] = approval };
        }

        return new CallContext
        {
            RequestId = "r",
            CorrelationId = "c",
            Caller = caller,
            Endpoint = "mcp",
            Scope = scope,
            Kind = kind,
            Name = name,
            Params = parameters,
            StartedAt = DateTimeOffset.UnixEpoch,
        };
    }

    private static JsonObject Named(string name) => new() { ["name"] = name };

    private sealed class FixedCatalogue(CatalogueSnapshot snapshot) : ICatalogue
    {
        public CatalogueSnapshot Current => snapshot;

        public IReadOnlyList<BackendHealth> Health => [];

        public event Action<CatalogueSnapshot>? Changed { add { } remove { } }
    }

    public sealed class RecordingDispatcher : IBackendDispatcher
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Backend, string Method, JsonObject Params)> Calls { get; } = new();

        public ValueTask<BackendResponse> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken)
        {
            Calls.Enqueue((backend, method, parameters));
            return ValueTask.FromResult(BackendResponse.Success(new JsonObject { ["content"] = new JsonArray() }));
        }
    }

    public sealed class RecordingSink : IAuditSink
    {
        public System.Collections.Concurrent.ConcurrentQueue<AuditRecord> Records { get; } = new();

        public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
        {
            Records.Enqueue(record);
            return ValueTask.CompletedTask;
        }
    }
}
