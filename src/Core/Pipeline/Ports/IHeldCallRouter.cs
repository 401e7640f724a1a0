using System.Text.Json.Nodes;

namespace McpGateway.Core.Pipeline.Ports;

/// <summary>
/// Where the calls held for a 2026-07-28 client's next round (its retry with <c>requestState</c> and
/// <c>inputResponses</c>) wait, across the cluster: the node holding a call registers it here, and a retry that reaches
/// a node which does not hold it is passed on to the node that does and answered with that node's round, so a client
/// needs no sticky routing. On one node (the embedded engine) nothing leaves the node.
/// </summary>
public interface IHeldCallRouter
{
    /// <summary>This node holds the call named <paramref name="token"/> until the handle is disposed; retries posted elsewhere go to <paramref name="resume"/>.</summary>
    IDisposable Hold(string token, HeldCallResume resume);

    /// <summary>
    /// A retry naming <paramref name="token"/>, which this node does not hold: the round of the node holding it, or null
    /// when no live node holds it (the call ended, expired, or its node is gone).
    /// </summary>
    Task<BackendResponse?> ResumeElsewhereAsync(string token, HeldRetry retry, CancellationToken cancellationToken);
}

/// <summary>Runs a retry's round on the node that holds the call.</summary>
public delegate Task<BackendResponse> HeldCallResume(HeldRetry retry, CancellationToken cancellationToken);

/// <summary>A client's retry of a held call as another node passes it on: the method, its params (with the answers) and the caller.</summary>
public sealed record HeldRetry(string Method, JsonObject Parameters, string? UserId);

/// <summary>One node, no cluster: a call is held where it started, and a retry elsewhere finds nothing.</summary>
public sealed class LocalHeldCalls : IHeldCallRouter
{
    public static readonly LocalHeldCalls Instance = new();

    public IDisposable Hold(string token, HeldCallResume resume) => Nothing.Instance;

    public Task<BackendResponse?> ResumeElsewhereAsync(string token, HeldRetry retry, CancellationToken cancellationToken) => Task.FromResult<BackendResponse?>(null);

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
