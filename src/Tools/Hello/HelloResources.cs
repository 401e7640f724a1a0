using System.ComponentModel;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Hello;

/// <summary>The Hello server's resources: <c>hello://greeting</c>.</summary>
[McpServerResourceType]
public sealed class HelloResources
{
    public const string GreetingUri = "hello://greeting";
    public const string GreetingText = "Hello, MCP";

    [McpServerResource(UriTemplate = GreetingUri, Name = "greeting", Title = "Greeting", MimeType = "text/plain")]
    [Description("A short plain-text greeting.")]
    public static string Greeting() => GreetingText;
}
