using McpGateway.Provider.V1;

namespace McpGateway.Tools.HelloProvider;

/// <summary>What the Hello provider offers: <c>echo.v1</c>, <c>sum.v1</c>, <c>hello://greeting</c>, <c>hello-plan</c>.</summary>
internal static class HelloCatalog
{
    public const string Echo = "echo.v1";
    public const string Sum = "sum.v1";
    public const string GreetingUri = "hello://greeting";
    public const string GreetingText = "Hello, MCP";
    public const string PlanPrompt = "hello-plan";

    public static Capabilities Capabilities(string name) => new()
    {
        Name = name,
        Version = "1.0.0",
        ResourceSchemes = { "hello" },
        Tools =
        {
            new ToolDefinition
            {
                Name = Echo,
                Title = "Echo",
                Description = "Returns the given message unchanged, as text and as structured content {\"message\": ...}.",
                InputSchemaJson = """{"type":"object","properties":{"message":{"type":"string","description":"The text to echo back."}},"required":["message"],"additionalProperties":false}""",
                OutputSchemaJson = """{"type":"object","properties":{"message":{"type":"string","description":"The echoed message."}},"required":["message"]}""",
                Annotations = new ToolAnnotations { ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false },
            },
            new ToolDefinition
            {
                Name = Sum,
                Title = "Sum",
                Description = "Adds the given numbers with exact decimal arithmetic and returns the total (e.g. [1.5, 2] gives 3.5).",
                InputSchemaJson = """{"type":"object","properties":{"numbers":{"type":"array","items":{"type":"number"},"description":"The numbers to add; an empty list sums to 0."}},"required":["numbers"],"additionalProperties":false}""",
                OutputSchemaJson = """{"type":"object","properties":{"sum":{"type":"number","description":"The total of the numbers."}},"required":["sum"]}""",
                Annotations = new ToolAnnotations { ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false },
            },
        },
        Resources =
        {
            new ResourceDefinition
            {
                Uri = GreetingUri, Name = "greeting", Title = "Greeting", Description = "A short plain-text greeting.", MimeType = "text/plain",
            },
        },
        Prompts =
        {
            new PromptDefinition
            {
                Name = PlanPrompt,
                Title = "Greeting plan",
                Description = "Asks the model to make a plan for greeting someone.",
                Arguments = { new PromptArgument { Name = "name", Description = "Who should be greeted.", Required = true } },
            },
        },
    };
}
