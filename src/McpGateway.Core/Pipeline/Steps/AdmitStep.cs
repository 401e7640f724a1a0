using McpGateway.Core.Pipeline.Ports;

namespace McpGateway.Core.Pipeline.Steps;

/// <summary>Passes the call through every <see cref="IAdmissionGate"/> and releases what they granted when it ends.</summary>
public sealed class AdmitStep(IEnumerable<IAdmissionGate> gates) : ICallStep
{
    private readonly IAdmissionGate[] _gates = gates.ToArray();

    public async ValueTask<CallResult> InvokeAsync(CallContext context, CallDelegate next)
    {
        if (_gates.Length == 0)
        {
            return await next(context);
        }

        var releases = new List<IDisposable>(_gates.Length);
        try
        {
            foreach (var gate in _gates)
            {
                var admission = await gate.AdmitAsync(context);
                if (admission.Rejection is { } rejection)
                {
                    return CallResult.Failure(rejection);
                }

                if (admission.Release is { } release)
                {
                    releases.Add(release);
                }
            }

            return await next(context);
        }
        finally
        {
            for (var i = releases.Count - 1; i >= 0; i--)
            {
                releases[i].Dispose();
            }
        }
    }
}
