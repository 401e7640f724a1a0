using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Tests.Infrastructure;

/// <summary>The full Hello contract, checked through an SDK client over any transport.</summary>
public static class HelloAssertions
{
    public static async Task AssertFullContractAsync(McpClient client, CancellationToken ct)
    {
        Assert.Equal("hello", client.ServerInfo?.Name);

        await AssertToolsAsync(client, ct);
        await AssertResourcesAsync(client, ct);
        await AssertPromptsAsync(client, ct);
        await AssertCompletionsAsync(client, ct);
    }

    public static async Task AssertToolsAsync(McpClient client, CancellationToken ct)
    {
        var tools = await client.ListToolsAsync(cancellationToken: ct);
        Assert.Equal(["echo", "sum"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));

        var echo = tools.Single(t => t.Name == "echo").ProtocolTool;
        Assert.Equal("Echo", echo.Title);
        Assert.False(string.IsNullOrWhiteSpace(echo.Description));
        Assert.True(echo.Annotations?.ReadOnlyHint);
        Assert.False(echo.Annotations?.DestructiveHint);
        AssertRequiredProperty(echo.InputSchema, "message", "string");
        Assert.NotNull(echo.OutputSchema);

        var sum = tools.Single(t => t.Name == "sum").ProtocolTool;
        Assert.Equal("Sum", sum.Title);
        Assert.True(sum.Annotations?.ReadOnlyHint);
        var numbers = AssertRequiredProperty(sum.InputSchema, "numbers", "array");
        Assert.Equal("number", numbers.GetProperty("items").GetProperty("type").GetString());

        const string message = "héllo, wörld ✓";
        var echoed = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = message }, cancellationToken: ct);
        Assert.NotEqual(true, echoed.IsError);
        Assert.Equal(message, Assert.IsType<TextContentBlock>(Assert.Single(echoed.Content)).Text);
        Assert.Equal(message, echoed.StructuredContent?.GetProperty("message").GetString());

        Assert.Equal("6", await SumAsync(client, [1, 2, 3], ct));
        Assert.Equal("3.5", await SumAsync(client, [1.5, 2], ct));
        Assert.Equal("0.3", await SumAsync(client, [0.1, 0.2], ct));
        Assert.Equal("0", await SumAsync(client, [], ct));
    }

    public static async Task<string> SumAsync(McpClient client, double[] numbers, CancellationToken ct)
    {
        var result = await client.CallToolAsync("sum", new Dictionary<string, object?> { ["numbers"] = numbers }, cancellationToken: ct);
        Assert.NotEqual(true, result.IsError);
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }

    public static async Task AssertResourcesAsync(McpClient client, CancellationToken ct)
    {
        var resources = await client.ListResourcesAsync(cancellationToken: ct);
        var greeting = Assert.Single(resources, r => r.Uri == "hello://greeting");
        Assert.Equal("text/plain", greeting.MimeType);

        var read = await client.ReadResourceAsync("hello://greeting", cancellationToken: ct);
        var text = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal("Hello, MCP", text.Text);
        Assert.Equal("text/plain", text.MimeType);
    }

    public static async Task AssertPromptsAsync(McpClient client, CancellationToken ct)
    {
        var prompts = await client.ListPromptsAsync(cancellationToken: ct);
        var plan = Assert.Single(prompts, p => p.Name == "hello-plan").ProtocolPrompt;
        var argument = Assert.Single(plan.Arguments ?? []);
        Assert.Equal("name", argument.Name);
        Assert.True(argument.Required);

        var result = await client.GetPromptAsync("hello-plan", new Dictionary<string, object?> { ["name"] = "Ada" }, cancellationToken: ct);
        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        Assert.Equal("Make a plan to greet Ada.", Assert.IsType<TextContentBlock>(message.Content).Text);
    }

    public static async Task AssertCompletionsAsync(McpClient client, CancellationToken ct)
    {
        var result = await client.CompleteAsync(new PromptReference { Name = "hello-plan" }, "name", "a", cancellationToken: ct);
        Assert.Equal(["Ada", "Alan", "Alice"], result.Completion.Values);
        Assert.False(result.Completion.HasMore);
    }

    private static JsonElement AssertRequiredProperty(JsonElement schema, string name, string type)
    {
        Assert.Equal("object", schema.GetProperty("type").GetString());
        var property = schema.GetProperty("properties").GetProperty(name);
        Assert.Equal(type, property.GetProperty("type").GetString());
        Assert.Contains(name, schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        return property;
    }
}
