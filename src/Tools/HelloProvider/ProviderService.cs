using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using McpGateway.Provider.V1;

namespace McpGateway.Tools.HelloProvider;

/// <summary>The Provider service of proto/provider.proto for the Hello tools, resource and prompt.</summary>
internal sealed class ProviderService(ProviderOptions options, ProviderEvents events) : Provider.V1.Provider.ProviderBase
{
    public override Task<Capabilities> ListCapabilities(ListCapabilitiesRequest request, ServerCallContext context) =>
        Task.FromResult(HelloCatalog.Capabilities(options.Name));

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context)
    {
        var arguments = ParseArguments(request.ArgumentsJson);
        var response = request.Tool switch
        {
            HelloCatalog.Echo => Echo(arguments),
            HelloCatalog.Sum => Sum(arguments),
            _ => throw new RpcException(new Status(StatusCode.NotFound, $"unknown tool '{request.Tool}'")),
        };
        events.Publish("io.mcpgateway.provider.invoked", request.Tool, request.CorrelationId, new JsonObject
        {
            ["tool"] = request.Tool,
            ["user_id"] = request.Caller?.UserId ?? string.Empty,
            ["is_error"] = response.IsError,
        });
        return Task.FromResult(response);
    }

    public override Task<ReadResourceResponse> ReadResource(ReadResourceRequest request, ServerCallContext context)
    {
        if (request.Uri != HelloCatalog.GreetingUri)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"unknown resource '{request.Uri}'"));
        }

        return Task.FromResult(new ReadResourceResponse
        {
            Contents = { new ResourceContents { Uri = HelloCatalog.GreetingUri, MimeType = "text/plain", Text = HelloCatalog.GreetingText } },
        });
    }

    public override Task<GetPromptResponse> GetPrompt(GetPromptRequest request, ServerCallContext context)
    {
        if (request.Name != HelloCatalog.PlanPrompt)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"unknown prompt '{request.Name}'"));
        }

        if (!request.Arguments.TryGetValue("name", out var name) || name.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "argument 'name' is required"));
        }

        return Task.FromResult(new GetPromptResponse
        {
            Description = $"A plan to greet {name}",
            Messages = { new PromptMessage { Role = "user", Content = new Content { Text = $"Make a plan to greet {name}." } } },
        });
    }

    public override async Task Stream(StreamRequest request, IServerStreamWriter<CloudEvent> responseStream, ServerCallContext context)
    {
        using var subscription = events.Subscribe();
        try
        {
            await foreach (var cloudEvent in subscription.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(cloudEvent, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The gateway went away.
        }
    }

    private static JsonObject ParseArguments(string json)
    {
        try
        {
            return JsonNode.Parse(json.Length == 0 ? "{}" : json) as JsonObject
                ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "arguments must be a JSON object"));
        }
        catch (JsonException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "arguments are not valid JSON"));
        }
    }

    private static InvokeResponse Echo(JsonObject arguments)
    {
        if (arguments["message"] is not JsonValue value || !value.TryGetValue<string>(out var message))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "'message' must be a string"));
        }

        return new InvokeResponse
        {
            Content = { new Content { Text = message } },
            StructuredContentJson = new JsonObject { ["message"] = message }.ToJsonString(),
        };
    }

    private static InvokeResponse Sum(JsonObject arguments)
    {
        if (arguments["numbers"] is not JsonArray numbers)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "'numbers' must be an array of numbers"));
        }

        decimal total = 0;
        foreach (var item in numbers)
        {
            if (item is not JsonValue number || number.GetValueKind() != JsonValueKind.Number || !number.TryGetValue<decimal>(out var n))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "'numbers' must hold numbers within the decimal range"));
            }

            try
            {
                total += n;
            }
            catch (OverflowException)
            {
                return new InvokeResponse { IsError = true, Content = { new Content { Text = "The sum is outside the supported decimal range." } } };
            }
        }

        var text = total.ToString("0.############################", CultureInfo.InvariantCulture);
        return new InvokeResponse
        {
            Content = { new Content { Text = text } },
            StructuredContentJson = "{\"sum\":" + text + "}",
        };
    }
}
