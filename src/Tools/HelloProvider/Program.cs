using McpGateway.Tools.HelloProvider;

// HelloProvider --listen 127.0.0.1:PORT [--name hello-cs] [--tls-cert server.pem --tls-key server-key.pem [--client-ca ca.pem]]
// A provider of proto/provider.proto (docs/provider-contract.md). TOOL_GATEWAY_SHARED_SECRET: calls must carry it
// (x-gateway-auth); NATS_URL: every event is also published to NATS JetStream.
if (ProviderOptions.Parse(args, Environment.GetEnvironmentVariable) is not { } options)
{
    await Console.Error.WriteLineAsync(ProviderOptions.Usage);
    return 2;
}

await using var app = ProviderApp.Build(options);
await app.RunAsync();
return 0;
