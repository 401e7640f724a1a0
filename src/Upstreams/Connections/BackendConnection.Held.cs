using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Core.Protocol;
using McpGateway.Upstreams.Relay;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// Calls of 2026-07-28 clients to a stateful backend that may ask them something (<see cref="HeldCall"/>): a client that
/// declared sampling, elicitation or roots gets a backend session of its own for the call (declaring those), closed
/// when the call ends; the backend's requests come back to the client as <c>input_required</c> results.
/// </summary>
internal sealed partial class BackendConnection
{
    private const string HeldSessionPrefix = "held:";

    private readonly ConcurrentDictionary<string, HeldCall> _heldCalls = new(StringComparer.Ordinal);
    private readonly IHeldCallRouter _heldCallRouter;

    /// <summary>How many calls wait here for a client's next round.</summary>
    public int HeldCallCount => _heldCalls.Count;

    private static bool Holds(McpClient shared, string method, ClientLink? client) =>
        client is { TakesInputRequired: true }
        && !McpRevisions.IsStateless(shared.NegotiatedProtocolVersion)
        && InputRequiredRelay.AppliesTo(method)
        && RelayedClientCapabilities.Intersect(client.Capabilities).Count > 0;

    private async Task<BackendResponse> SendHeldAsync(
        McpClient shared, string method, JsonObject parameters, ClientLink client, TimeSpan timeout, CancellationToken cancellationToken)
    {
        HeldCall held;
        if (HeldCall.IsToken(parameters["requestState"]))
        {
            var token = parameters["requestState"]!.GetValue<string>();
            if (!_heldCalls.TryGetValue(token, out held!))
            {
                // Held on another node (the client's retry came through a different one), or nowhere any more.
                return await _heldCallRouter.ResumeElsewhereAsync(token, new HeldRetry(method, parameters, client.UserId), cancellationToken)
                    ?? NoHeldCall();
            }

            if (!held.Matches(client.UserId, method, parameters))
            {
                return NoHeldCall();
            }

            held.Answer(parameters["inputResponses"] as JsonObject);
        }
        else
        {
            held = await StartHeldAsync(shared, method, parameters, client, timeout);
        }

        return await RoundAsync(held, client.Notify, timeout, cancellationToken);
    }

    private static BackendFailure NoHeldCall() => new(
        BackendFailureKind.InvalidParams,
        "Invalid params: 'requestState' names no call waiting for input (it expired, was answered already, or the node holding it is gone)");

    /// <summary>A retry posted on another node for a call held here: its round, as the client there gets it.</summary>
    private async Task<BackendResponse> ResumeHeldAsync(HeldCall held, HeldRetry retry, TimeSpan timeout)
    {
        if (!held.Matches(retry.UserId, retry.Method, retry.Parameters))
        {
            return NoHeldCall();
        }

        held.Answer(retry.Parameters["inputResponses"] as JsonObject);

        // The round is bounded by the call's own lifetime (the backend's timeout); its notifications stay here.
        return await RoundAsync(held, null, timeout, held.Lifetime);
    }

    private async Task<BackendResponse> RoundAsync(HeldCall held, CallNotifier? notify, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var (response, final) = await held.NextAsync(notify, cancellationToken);
            if (final)
            {
                Forget(held);
            }

            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !held.Lifetime.IsCancellationRequested)
        {
            // The client gave up on the call (or this round timed out): so does the backend.
            Forget(held);
            throw;
        }
        catch (Exception exception)
        {
            // The backend's call failed (its exception, as the SDK threw it, comes back with the round), or its time is up.
            Forget(held);
            return exception switch
            {
                McpProtocolException protocol => RemoteError(protocol),
                OperationCanceledException => new BackendFailure(BackendFailureKind.Timeout, $"Backend '{Name}' did not finish within {timeout.TotalSeconds:0.###} s"),
                _ => BackendFailure.Unreachable(Name),
            };
        }
    }

    private async Task<HeldCall> StartHeldAsync(McpClient shared, string method, JsonObject parameters, ClientLink client, TimeSpan timeout)
    {
        var held = new HeldCall(client, method, parameters, timeout, _disposed.Token);
        var sessionKey = HeldSessionPrefix + held.Token;
        _heldCalls[held.Token] = held;
        held.Routing = _heldCallRouter.Hold(held.Token, (retry, _) => ResumeHeldAsync(held, retry, timeout));
        held.Lifetime.Register(() => Forget(held));
        var capabilities = RelayedClientCapabilities.Intersect(client.Capabilities);
        var connecting = _sessionClients.GetOrAdd(sessionKey, _ => ConnectSessionAsync(sessionKey, shared.NegotiatedProtocolVersion, capabilities));
        held.Start(async stop =>
        {
            try
            {
                var session = await connecting.WaitAsync(stop);
                using var progress = _progress.Track(parameters, held.Link.Notify);
                using var scope = CallScope.Enter(held.Link, stop);
                using var inFlight = session.Enter(held.Link);
                var response = await session.Client.SendRequestAsync(new JsonRpcRequest { Method = method, Params = parameters }, stop);
                return response.Result ?? new JsonObject();
            }
            finally
            {
                await EndSessionAsync(sessionKey);
            }
        });
        return held;
    }

    private void Forget(HeldCall held)
    {
        if (_heldCalls.TryRemove(KeyValuePair.Create(held.Token, held)))
        {
            held.Routing?.Dispose();
            held.End();
        }
    }
}
