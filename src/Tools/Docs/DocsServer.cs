using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tools.Docs;

/// <summary>Identity and defaults of the document generator demo server.</summary>
public static class DocsServer
{
    public const string Name = "docs";
    public const string DefaultUrls = "http://127.0.0.1:9104";

    /// <summary>Registers <c>generate_document</c>.</summary>
    public static IMcpServerBuilder ConfigureServer(IMcpServerBuilder server) =>
        server.WithTools(ToolSchemas.FromStaticMethods(typeof(DocsTools)));

    /// <summary>Host identity and defaults.</summary>
    public static void Configure(McpToolServerOptions options)
    {
        options.ServerName = Name;
        options.ServerTitle = "Document generator";
        options.ServerVersion = typeof(DocsServer).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        options.Instructions = "Turns Markdown into a PDF, DOCX or HTML document, returned as an embedded resource. The same "
            + "input always gives the same bytes.";
        options.DefaultUrls = DefaultUrls;
    }

    /// <summary>The category of the document generator's log messages.</summary>
    public sealed class LogCategory;
}
