using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace McpGateway.Tools.HelloProvider;

/// <summary>
/// With <c>TOOL_GATEWAY_SHARED_SECRET</c> set, refuses (UNAUTHENTICATED) every call that does not carry it in
/// <c>x-gateway-auth</c>; compared in constant time.
/// </summary>
internal sealed class SharedSecretInterceptor(ProviderOptions options) : Interceptor
{
    public const string Header = "x-gateway-auth";

    private readonly byte[]? _secret = options.SharedSecret is { } secret ? Encoding.UTF8.GetBytes(secret) : null;

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (_secret is null)
        {
            return;
        }

        var presented = Encoding.UTF8.GetBytes(context.RequestHeaders.GetValue(Header) ?? string.Empty);
        if (!CryptographicOperations.FixedTimeEquals(presented, _secret))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong x-gateway-auth"));
        }
    }
}
