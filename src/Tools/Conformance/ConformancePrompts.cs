using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Conformance;

/// <summary>The <c>test_*</c> prompts and the completion of the conformance scenarios.</summary>
public static class ConformancePrompts
{
    private static readonly ListPromptsResult Prompts = Json.Parse<ListPromptsResult>("""
        { "prompts": [
          { "name": "test_simple_prompt", "description": "A simple prompt without arguments" },
          { "name": "test_prompt_with_arguments", "description": "A prompt with two required arguments",
            "arguments": [ { "name": "arg1", "description": "First test argument", "required": true },
                           { "name": "arg2", "description": "Second test argument", "required": true } ] },
          { "name": "test_prompt_with_embedded_resource", "description": "A prompt embedding a resource",
            "arguments": [ { "name": "resourceUri", "description": "URI of the resource to embed", "required": true } ] },
          { "name": "test_prompt_with_image", "description": "A prompt with an image" }
        ] }
        """);

    private static readonly string[] CompletionValues = ["paris", "park", "party", "test", "testing", "tested"];

    public static ValueTask<ListPromptsResult> ListAsync(RequestContext<ListPromptsRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Prompts);

    public static ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> context, CancellationToken cancellationToken)
    {
        var parameters = context.Params ?? throw new ArgumentException("params are required");
        var arguments = parameters.Arguments ?? new Dictionary<string, System.Text.Json.JsonElement>();
        string Argument(string name) => arguments.TryGetValue(name, out var value) && value.GetString() is { } text
            ? text
            : throw new McpProtocolException($"Missing required argument '{name}'", McpErrorCode.InvalidParams);

        JsonArray messages = parameters.Name switch
        {
            "test_simple_prompt" => [User(TextContent("This is a simple prompt for testing."))],
            "test_prompt_with_arguments" => [User(TextContent($"Prompt with arguments: arg1='{Argument("arg1")}', arg2='{Argument("arg2")}'"))],
            "test_prompt_with_embedded_resource" =>
            [
                User(new JsonObject
                {
                    ["type"] = "resource",
                    ["resource"] = new JsonObject { ["uri"] = Argument("resourceUri"), ["mimeType"] = "text/plain", ["text"] = "Embedded resource content for testing." },
                }),
                User(TextContent("Please process the embedded resource above.")),
            ],
            "test_prompt_with_image" =>
            [
                User(new JsonObject { ["type"] = "image", ["data"] = ConformanceTools.RedPixelPng, ["mimeType"] = "image/png" }),
                User(TextContent("Please analyze the image above.")),
            ],
            _ => throw new McpProtocolException($"Unknown prompt: {parameters.Name}", McpErrorCode.InvalidParams),
        };
        return ValueTask.FromResult(Json.To<GetPromptResult>(new JsonObject { ["messages"] = messages }));
    }

    public static ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var prefix = context.Params?.Argument?.Value ?? string.Empty;
        var values = Array.FindAll(CompletionValues, v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        return ValueTask.FromResult(new CompleteResult { Completion = new Completion { Values = values, Total = values.Length, HasMore = false } });
    }

    private static JsonObject User(JsonObject content) => new() { ["role"] = "user", ["content"] = content };

    private static JsonObject TextContent(string text) => new() { ["type"] = "text", ["text"] = text };
}
