using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Pipeline.Steps;
using McpGateway.Core.Protocol;

namespace McpGateway.Core.Tests.Pipeline;

/// <summary>A call cancelled by its caller while a gate waits is answered as cancelled, not as an unexpected failure.</summary>
public sealed class AdmitStepTests
{
    /// <summary>Waits (as for a lease) until the call's token is cancelled, then throws as the engine's awaits do.</summary>
    private sealed class WaitingGate : IAdmissionGate
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<Admission> AdmitAsync(CallContext context)
        {
            Entered.TrySetResult();
            var never = new TaskCompletionSource();
            await never.Task.WaitAsync(context.CancellationToken);
            return Admission.Admitted();
        }
    }

    private sealed class ThrowingGate : IAdmissionGate
    {
        public ValueTask<Admission> AdmitAsync(CallContext context) => throw new OperationCanceledException("not the caller's");
    }

    private static CallContext Call(CancellationToken cancellationToken) => new()
    {
        RequestId = "r1",
        CorrelationId = "c1",
        Endpoint = "mcp",
        Kind = CallKind.ToolCall,
        Name = "t",
        Params = new JsonObject { ["name"] = "t", ["arguments"] = new JsonObject() },
        StartedAt = DateTimeOffset.UtcNow,
        CancellationToken = cancellationToken,
    };

    [Fact]
    public async Task CancelledWhileAGateWaits_IsACancelledFailure_AndTheCallGoesNoFurther()
    {
        using var cts = new CancellationTokenSource();
        var gate = new WaitingGate();
        var reachedNext = false;
        var step = new AdmitStep([gate]);

        var invoking = step.InvokeAsync(Call(cts.Token), _ =>
        {
            reachedNext = true;
            return ValueTask.FromResult(CallResult.Success(new JsonObject()));
        }).AsTask();
        await gate.Entered.Task;
        await cts.CancelAsync();
        var result = await invoking;

        Assert.False(reachedNext);
        Assert.Equal(GatewayErrorKind.Cancelled, result.Error?.Kind);
    }

    [Fact]
    public async Task ACancellationThatIsNotTheCallers_StillThrows()
    {
        var step = new AdmitStep([new ThrowingGate()]);
        await Assert.ThrowsAsync<OperationCanceledException>(
            () => step.InvokeAsync(Call(CancellationToken.None), _ => ValueTask.FromResult(CallResult.Success(new JsonObject()))).AsTask());
    }
}
