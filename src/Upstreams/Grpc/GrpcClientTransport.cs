using McpGateway.Core.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Upstreams.Grpc;

/// <summary>
/// The SDK client transport of a <c>grpc</c> backend: instead of carrying JSON-RPC to an MCP server it answers the
/// client's MCP requests itself by calling the provider's RPCs (<see cref="GrpcBridge"/>), so discovery, validation,
/// output checks, the circuit breaker and every other step treat the provider like any backend.
/// </summary>
internal sealed class GrpcClientTransport(BackendConfig backend, UpstreamOptions options, Events.ProviderEventHub events, ILoggerFactory loggerFactory, TimeProvider time)
    : IClientTransport
{
    public string Name => backend.Name;

    public Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<ITransport>(new GrpcBridge(backend, options.SharedSecret, events, loggerFactory.CreateLogger<GrpcBridge>(), time));
}
