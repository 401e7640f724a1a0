using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Core.Pipeline.Ports;
using McpGateway.Grains.Sessions;
using Orleans.Runtime;

namespace McpGateway.Edge.Cluster;

/// <summary>
/// The <see cref="IHeldCallRouter"/> over Orleans: a call held here registers this node's observer with the call's
/// <see cref="IHeldCallGrain"/> (key: its <c>requestState</c> token); a retry for a token not held here goes to that
/// grain, which runs the round on the holding node (<see cref="NodeSessionObserver.ResumeHeldAsync"/>) and returns its
/// answer. The registrations are renewed by <see cref="SessionKeepAlive"/>. On the embedded engine nothing leaves the node.
/// </summary>
internal sealed partial class OrleansHeldCalls(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    OrleansSessionPort port,
    ILogger<OrleansHeldCalls> logger) : IHeldCallRouter
{
    private readonly ConcurrentDictionary<string, HeldCallResume> _held = new(StringComparer.Ordinal);

    /// <summary>The calls held here (for tests).</summary>
    public int Count => _held.Count;

    public IDisposable Hold(string token, HeldCallResume resume)
    {
        _held[token] = resume;
        if (port.ReachesOtherNodes)
        {
            _ = RegisterAsync(token);
        }

        return new Registration(this, token, resume);
    }

    public async Task<BackendResponse?> ResumeElsewhereAsync(string token, HeldRetry retry, CancellationToken cancellationToken)
    {
        if (!port.ReachesOtherNodes)
        {
            return null;
        }

        string? answer;
        try
        {
            var body = new JsonObject { ["method"] = retry.Method, ["params"] = retry.Parameters.DeepClone(), ["user"] = retry.UserId };
            answer = await grains.GetGrain<IHeldCallGrain>(token).ResumeAsync(body.ToJsonString()).WaitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
        {
            LogResumeFailed(exception);
            return null;
        }

        return answer is null ? null : ReadAnswer(answer);
    }

    /// <summary>Runs a retry posted on another node for a call held here: the round's answer as JSON, or null when the call is not held here.</summary>
    public async Task<string?> ResumeHereAsync(string token, string retry)
    {
        if (!_held.TryGetValue(token, out var resume)
            || NodeSessionObserver.Read(retry) is not { } body
            || body["method"]?.GetValue<string>() is not { } method
            || body["params"] is not JsonObject parameters)
        {
            return null;
        }

        var response = await resume(new HeldRetry(method, (JsonObject)parameters.DeepClone(), body["user"]?.GetValue<string>()), CancellationToken.None);
        return WriteAnswer(response).ToJsonString();
    }

    /// <summary>Registers again every call held here (a grain activated again elsewhere learns its holder back).</summary>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var token in _held.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RegisterAsync(token);
        }
    }

    internal static JsonObject WriteAnswer(BackendResponse response) => response.IsSuccess
        ? new JsonObject { ["result"] = response.Result.DeepClone() }
        : new JsonObject
        {
            ["failure"] = new JsonObject
            {
                ["kind"] = response.Failure.Kind.ToString(),
                ["message"] = response.Failure.Message,
                ["code"] = response.Failure.Code,
                ["data"] = response.Failure.Data?.DeepClone(),
            },
        };

    internal static BackendResponse? ReadAnswer(string answer)
    {
        var body = NodeSessionObserver.Read(answer);
        if (body?["result"] is { } result)
        {
            return BackendResponse.Success(result.DeepClone());
        }

        if (body?["failure"] is JsonObject failure
            && Enum.TryParse<BackendFailureKind>(failure["kind"]?.GetValue<string>(), out var kind)
            && failure["message"]?.GetValue<string>() is { } message)
        {
            return new BackendFailure(kind, message, failure["code"]?.GetValue<int>(), failure["data"]?.DeepClone());
        }

        return null;
    }

    private async Task RegisterAsync(string token)
    {
        try
        {
            await grains.GetGrain<IHeldCallGrain>(token).HoldAsync(port.Observer, silo.SiloAddress);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRegisterFailed(exception);
        }
    }

    private void Release(string token, HeldCallResume resume)
    {
        if (_held.TryRemove(KeyValuePair.Create(token, resume)) && port.ReachesOtherNodes)
        {
            _ = ReleaseAsync(token);
        }
    }

    private async Task ReleaseAsync(string token)
    {
        try
        {
            await grains.GetGrain<IHeldCallGrain>(token).ReleaseAsync(port.Observer);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogRegisterFailed(exception);
        }
    }

    private sealed class Registration(OrleansHeldCalls owner, string token, HeldCallResume resume) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(token, resume);
            }
        }
    }

    [LoggerMessage(EventId = 8310, Level = LogLevel.Warning, Message = "Held call: registering or releasing this node as its holder failed (retries posted to other nodes may not reach it)")]
    private partial void LogRegisterFailed(Exception exception);

    [LoggerMessage(EventId = 8311, Level = LogLevel.Warning, Message = "Held call: a retry for a call held on another node could not be passed on")]
    private partial void LogResumeFailed(Exception exception);
}
