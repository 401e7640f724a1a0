using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>
/// Passes the call through every <see cref="IAdmissionGate"/> in order; the first refusal answers it. What the gates
/// granted is released, last first, when the call ends (with its result, so breakers learn the outcome), and also when a
/// later gate refuses.
/// </summary>
public sealed class AdmitStep(IEnumerable<IAdmissionGate> gates) : ICallStep
{
    private readonly IAdmissionGate[] _gates = gates.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        if (_gates.Length == 0)
        {
            return await next(context);
        }

        var releases = new List<IAdmissionRelease>(_gates.Length);
        CallResult? result = null;
        try
        {
            foreach (var gate in _gates)
            {
                Admission admission;
                try
                {
                    admission = await gate.AdmitAsync(context);
                }
                catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
                {
                    // Cancelled by its caller while a gate waited (a lease, a grain call): answered as cancelled, like a
                    // call cancelled at its backend, not as an unexpected failure.
                    return CallResult.Failure(new Protocol.GatewayError(Protocol.GatewayErrorKind.Cancelled, "The call was cancelled before it was admitted"));
                }

                if (admission.Rejection is { } rejection)
                {
                    // A refused call never reached the backend: what earlier gates granted is released without a verdict.
                    return CallResult.Failure(rejection);
                }

                if (admission.Release is { } release)
                {
                    releases.Add(release);
                }
            }

            result = await next(context);
            return result;
        }
        finally
        {
            for (var i = releases.Count - 1; i >= 0; i--)
            {
                releases[i].Release(result);
            }
        }
    }
}
