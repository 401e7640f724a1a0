using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hello;

/// <summary>The Hello server's prompts: <c>hello-plan</c>.</summary>
[McpServerPromptType]
public sealed class HelloPrompts
{
    public const string PlanPromptName = "hello-plan";

    [McpServerPrompt(Name = PlanPromptName, Title = "Greeting plan")]
    [Description("Asks the model to make a plan for greeting someone.")]
    public static GetPromptResult Plan(
        [Description("Who should be greeted.")] string name)
    {
        return new GetPromptResult
        {
            Description = $"A plan to greet {name}",
            Messages =
            [
                new PromptMessage
                {
                    Role = Role.User,
                    Content = new TextContentBlock { Text = $"Make a plan to greet {name}." },
                },
            ],
        };
    }
}
