using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Jobs;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Protocol;
using McpGateway.Tests.Common;

namespace McpGateway.Core.Tests.Pipeline;

public sealed partial class PipelineOrderTests
{
    private sealed class HelloCatalogue : ICatalogue
    {
        public CatalogueSnapshot Current { get; } = CatalogueBuilder.Build(
            [new CatalogueBackend("hello", "hello", true)],
            new Dictionary<string, BackendDiscovery> { ["hello"] = new("hello", [new JsonObject { ["name"] = "echo" }], [], [], [], false, DateTimeOffset.UnixEpoch) },
            1);

        public IReadOnlyList<BackendHealth> Health => [];

        public event Action<CatalogueSnapshot>? Changed { add { } remove { } }
    }

    /// <summary>A step the order does not know.</summary>
    private sealed class Stray : ICallStep
    {
        public ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next) => next(context);
    }

    private static readonly CallDelegate Dispatch = _ => ValueTask.FromResult(CallResult.Success(new JsonObject()));

    /// <summary>The steps every pipeline has (a job's run has no more), deliberately not in their order.</summary>
    private static ICallStep[] Common() =>
    [
        new CheckStep([]),
        new ValidateStep([]),
        new AuthenticateStep(),
        new AdmitStep([]),
        new RecordStep([], TimeProvider.System),
        new ResolveStep(new HelloCatalogue()),
        new TraceStep(),
        new AuthorizeStep([]),
    ];

    /// <summary>The two steps of direct calls only. The job grains are never used: composing runs no step.</summary>
    private static ICallStep[] JobSteps()
    {
        var tools = new ToolsConfigSource(new ToolsConfig { Backends = [], SourcePath = "tools.yaml", ContentDigest = "" });
        return [new JobStep(null!, new JobSettings(), tools, TimeProvider.System), new JobPlanStep(tools)];
    }

    [GeneratedRegex(@"^`([a-z-]+(?: → [a-z-]+)+)`$", RegexOptions.Multiline)]
    private static partial Regex QuotedOrder();

    [Fact]
    public void Architecture_QuotesTheCodesOrder()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "architecture.md"));
        var section = text[text.IndexOf("## The request pipeline", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];

        var quoted = Assert.Single(QuotedOrder().Matches(section));
        Assert.Equal(PipelineOrder.Text, quoted.Groups[1].Value);
    }

    [Fact]
    public void Text_NamesEveryStepOnce_EndingInDispatch()
    {
        Assert.Equal(PipelineOrder.Names.Count, PipelineOrder.Names.Distinct().Count());
        Assert.Equal("dispatch", PipelineOrder.Names[^1]);
        Assert.Equal(string.Join(" → ", PipelineOrder.Names), PipelineOrder.Text);
    }

    [Fact]
    public void Compose_PlacesTheStepsInTheOrder_WhateverOrderTheyAreGivenIn()
    {
        var direct = PipelineOrder.Compose([.. Common(), .. JobSteps()], Dispatch);
        Assert.Equal(PipelineOrder.Names.SkipLast(1), direct.Steps.Select(PipelineOrder.NameOf));

        var jobRun = PipelineOrder.Compose(Common(), Dispatch);
        Assert.Equal(PipelineOrder.Names.SkipLast(1).Except(["job-plan", "job"]), jobRun.Steps.Select(PipelineOrder.NameOf));
    }

    [Fact]
    public async Task Compose_EndsInTheDispatchDelegate_ReachedOnlyPastEveryStep()
    {
        var dispatched = new List<string>();
        var pipeline = PipelineOrder.Compose(Common(), context =>
        {
            dispatched.Add(context.Target!.OriginalName);
            return Dispatch(context);
        });

        Assert.True((await pipeline.InvokeAsync(Call("hello.echo"))).IsSuccess);
        Assert.Equal(GatewayErrorKind.UnknownTool, (await pipeline.InvokeAsync(Call("hello.nothing"))).Error!.Kind);
        Assert.Equal(["echo"], dispatched);
    }

    private static CallContext Call(string name) => new()
    {
        RequestId = "r1",
        CorrelationId = "c1",
        Caller = Identity.CallerIdentity.Anonymous(["admin"]),
        Endpoint = "mcp",
        Kind = CallKind.ToolCall,
        Name = name,
        Params = new JsonObject { ["name"] = name },
        StartedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Compose_RefusesAPipelineWithoutARequiredStep()
    {
        var error = Assert.Throws<ArgumentException>(() => PipelineOrder.Compose(Common().Where(s => s is not RecordStep), Dispatch));
        Assert.Contains("record", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_RefusesAStepGivenTwice_OrOneOutsideTheOrder()
    {
        var twice = Assert.Throws<ArgumentException>(() => PipelineOrder.Compose([.. Common(), new AuthenticateStep()], Dispatch));
        Assert.Contains("'authenticate' is given twice", twice.Message, StringComparison.Ordinal);

        var stray = Assert.Throws<ArgumentException>(() => PipelineOrder.Compose([.. Common(), new Stray()], Dispatch));
        Assert.Contains(nameof(Stray), stray.Message, StringComparison.Ordinal);
    }
}
