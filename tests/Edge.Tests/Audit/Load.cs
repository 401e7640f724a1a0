using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;

namespace McpGateway.Edge.Tests.Audit;

/// <summary>Concurrent callers of <c>hello.echo</c> that keep the request id of every call acknowledged with its own result.</summary>
internal static class Load
{
    /// <summary>
    /// Starts <paramref name="workers"/> callers until <paramref name="stop"/>. <paramref name="onAnswer"/> sees every
    /// HTTP status; a caller pauses briefly after a refusal, and stops when the node is gone (killed).
    /// </summary>
    public static List<Task> Start(Uri baseAddress, ConcurrentBag<string> acknowledged, CancellationToken stop, Action onAcknowledged, int workers = 8, Action<int>? onAnswer = null) =>
        Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            using var raw = new RawMcp(new Uri(baseAddress, "/mcp"));
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var (status, body, response) = await raw.SendAsync(raw.Stateless2026("tools/call", new JsonObject { ["name"] = "hello.echo", ["arguments"] = new JsonObject { ["message"] = $"{w}-{i}" } }));
                    onAnswer?.Invoke(status);
                    if (status == 200 && body?["result"]?["content"]?[0]?["text"]?.GetValue<string>() == $"{w}-{i}")
                    {
                        acknowledged.Add(response.Headers.GetValues("X-Request-ID").Single());
                        onAcknowledged();
                    }
                    else
                    {
                        await Task.Delay(20, CancellationToken.None);
                    }
                }
                catch (HttpRequestException)
                {
                    // The node is gone (killed): this caller stops.
                    return;
                }
            }
        })).ToList();
}
