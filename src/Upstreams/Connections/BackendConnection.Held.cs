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
            if (!_heldCalls.TryGetValue(token, out held!) || !held.Matches(client, method, parameters))
            {
                return new BackendFailure(
                    BackendFailureKind.InvalidParams,
                    "Invalid params: 'requestState' names no call waiting for input here (it expired, or was answered already)");
            }

            held.Answer(parameters["inputResponses"] as JsonObject);
        }
        else
        {
            held = await StartHeldAsync(shared, method, parameters, client, timeout);
        }

        try
        {
            var (response, final) = await held.NextAsync(client.Notify, cancellationToken);
            if (final)
            {
                Forget(held);
            }

            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client gave up on the call (or this round timed out): so does the backend.
            Forget(held);
            throw;
        }
        catch (Exception exception)
        {
            // The backend's call failed (its exception, as the SDK threw it, comes back with the round).
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
            held.End();
        }
    }
}
