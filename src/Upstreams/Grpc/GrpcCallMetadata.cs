using System.Diagnostics;
using Grpc.Core;
using McpGateway.Core.Identity;

namespace McpGateway.Upstreams.Grpc;

/// <summary>
/// The metadata of every RPC to a provider: correlation id, caller's user id, shared secret, W3C trace context and the
/// backend's static <c>headers</c>. Never the caller's token.
/// </summary>
internal static class GrpcCallMetadata
{
    public const string CorrelationId = "x-correlation-id";
    public const string UserId = "x-user-id";
    public const string GatewayAuth = "x-gateway-auth";

    private static readonly HashSet<string> Traced = ["McpGateway", "Microsoft.AspNetCore"];

    public static Metadata Build(IReadOnlyDictionary<string, string> headers, string? sharedSecret)
    {
        var metadata = new Metadata();
        foreach (var (name, value) in headers)
        {
            metadata.Add(name.ToLowerInvariant(), value);
        }

        if (TraceContext.RequestId is { Length: > 0 } requestId)
        {
            metadata.Add(CorrelationId, requestId);
        }

        if (TraceContext.UserId is { Length: > 0 } userId)
        {
            metadata.Add(UserId, userId.All(c => c is > ' ' and < (char)127) ? userId : Uri.EscapeDataString(userId));
        }

        if (sharedSecret is { Length: > 0 })
        {
            metadata.Add(GatewayAuth, sharedSecret);
        }

        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true, Id: { } id } activity && Traced.Contains(activity.Source.Name))
        {
            metadata.Add("traceparent", id);
            if ((activity.TraceStateString ?? TraceContext.Current?.State) is { } state)
            {
                metadata.Add("tracestate", state);
            }
        }
        else if (TraceContext.Current is { } trace)
        {
            metadata.Add("traceparent", trace.Parent);
            if (trace.State is { } state)
            {
                metadata.Add("tracestate", state);
            }
        }

        return metadata;
    }
}
