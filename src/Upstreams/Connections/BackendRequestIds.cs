using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Connections;

/// <summary>
/// The ids of the gateway's requests on backend sessions, and the <c>notifications/cancelled</c> sent when one is given
/// up. The SDK client tells the backend only once its send has completed, and a Streamable HTTP send lasts until the
/// answer: a call cancelled (by its caller, a cancelled job, or the deadline) while its answer streams would otherwise
/// go on at the backend, which sees just an aborted HTTP request. Ids are strings (<c>gw-N</c>), apart from the SDK's
/// own numeric ones; a second notification for a request the SDK also cancelled is ignored by the backend.
/// </summary>
internal static class BackendRequestIds
{
    private static long _last;

    public static RequestId Next() => new(NextText());

    /// <summary>The next id as the JSON string it is sent as.</summary>
    public static string NextText() => $"gw-{Interlocked.Increment(ref _last)}";

    /// <summary>Tells the backend, best effort and without waiting, that <paramref name="id"/> is given up.</summary>
    public static void TellCancelled(McpClient client, RequestId id, string reason)
    {
        var parameters = JsonSerializer.SerializeToNode(new CancelledNotificationParams { RequestId = id, Reason = reason }, ModelContextProtocol.McpJsonUtilities.DefaultOptions);
        _ = SendAsync();

        async Task SendAsync()
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.SendMessageAsync(new JsonRpcNotification { Method = NotificationMethods.CancelledNotification, Params = parameters }, timeout.Token);
            }
            catch (Exception)
            {
                // The session is gone or broken: there is nothing left to cancel at the backend.
            }
        }
    }
}
