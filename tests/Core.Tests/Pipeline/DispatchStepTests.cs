using System.Text.Json.Nodes;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Identity;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Pipeline;

/// <summary>The dispatch step turns what a connector answers (data, never its exceptions) into the call's result or error.</summary>
public sealed class DispatchStepTests
{
    private sealed class Answering(Func<CancellationToken, ValueTask<BackendResponse>> answer) : IBackendDispatcher
    {
        public ValueTask<BackendResponse> SendAsync(string backend, string method, JsonObject parameters, ClientLink? client, CancellationToken cancellationToken) =>
            answer(cancellationToken);
    }

    private static CallContext Call(CancellationToken cancellationToken = default)
    {
        var snapshot = CatalogueBuilder.Build(
            [new CatalogueBackend("hello", "hello", true)],
            new Dictionary<string, BackendDiscovery> { ["hello"] = new("hello", [new JsonObject { ["name"] = "echo" }], [], [], [], false, DateTimeOffset.UnixEpoch) },
            1);
        return new CallContext
        {
            RequestId = "r1",
            CorrelationId = "c1",
            Caller = CallerIdentity.Anonymous(["admin"]),
            Endpoint = "mcp",
            Kind = CallKind.ToolCall,
            Name = "hello.echo",
            Params = new JsonObject { ["name"] = "hello.echo" },
            StartedAt = DateTimeOffset.UnixEpoch,
            CancellationToken = cancellationToken,
            Target = snapshot.FindTool("hello.echo"),
        };
    }

    private static ValueTask<CallResult> Dispatch(BackendResponse response) =>
        new DispatchStep(new Answering(_ => ValueTask.FromResult(response))).InvokeAsync(Call());

    [Fact]
    public async Task AResult_IsTheCallsResult_Unchanged()
    {
        var answer = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "hi" }) };
        var result = await Dispatch(BackendResponse.Success(answer));
        Assert.True(result.IsSuccess);
        Assert.Same(answer, result.Result);
    }

    [Theory]
    [InlineData(BackendFailureKind.Unreachable, GatewayErrorKind.BackendUnavailable)]
    [InlineData(BackendFailureKind.Timeout, GatewayErrorKind.BackendTimeout)]
    [InlineData(BackendFailureKind.Error, GatewayErrorKind.BackendError)]
    [InlineData(BackendFailureKind.Protocol, GatewayErrorKind.BackendError)]
    [InlineData(BackendFailureKind.InvalidParams, GatewayErrorKind.InvalidParams)]
    public async Task AFailure_IsTheCallsError_OfItsKind_AboutTheBackend(BackendFailureKind kind, GatewayErrorKind expected)
    {
        var result = await Dispatch(new BackendFailure(kind, "what the connector says"));
        Assert.Equal(new GatewayError(expected, "what the connector says", "hello"), result.Error);
    }

    [Fact]
    public async Task TheBackendsOwnError_KeepsItsCodeAndData()
    {
        var data = new JsonObject { ["detail"] = "no such row" };
        var error = (await Dispatch(new BackendFailure(BackendFailureKind.Error, "Row not found", -32001, data))).Error!;
        Assert.Equal((GatewayErrorKind.BackendError, "Row not found", "hello", -32001), (error.Kind, error.Message, error.Backend, error.Code));
        Assert.Same(data, error.Data);
    }

    [Fact]
    public async Task TheCallersCancellation_IsACancelledError()
    {
        using var cancel = new CancellationTokenSource();
        var step = new DispatchStep(new Answering(async token =>
        {
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
            return BackendResponse.Success(new JsonObject());
        }));

        var result = await step.InvokeAsync(Call(cancel.Token));
        Assert.Equal(new GatewayError(GatewayErrorKind.Cancelled, "The request was cancelled", "hello"), result.Error);
    }

    [Fact]
    public async Task AnyOtherException_IsABug_AndIsNotTurnedIntoAnAnswer()
    {
        var step = new DispatchStep(new Answering(_ => throw new OperationCanceledException("not the caller's")));
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await step.InvokeAsync(Call()));

        var buggy = new DispatchStep(new Answering(_ => throw new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await buggy.InvokeAsync(Call()));
    }
}
