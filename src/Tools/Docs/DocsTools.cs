using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Docs;

/// <summary>The document generator's tool: <c>generate_document</c>.</summary>
public static class DocsTools
{
    [McpServerTool(Name = "generate_document", Title = "Generate a document", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(DocumentResult))]
    [Description("Turns Markdown (headings, paragraphs, bold and italic, lists, code blocks, tables, links, quotes, rules) into a "
        + "PDF, DOCX or HTML document under a title. The document comes back as an embedded resource (base64 blob with its MIME "
        + "type) with its size and SHA-256. Deterministic: the same input gives the same bytes. Raw HTML in the Markdown is shown "
        + "as text, never run; links keep only http, https and mailto. Markdown up to 200000 characters; documents up to 8 MiB.")]
    public static CallToolResult GenerateDocument(
        RequestContext<CallToolRequestParams> context,
        [Description("The document format.")][AllowedValues("pdf", "docx", "html")] string format,
        [Description("The document's title (1 to 200 characters), shown first and stored in its metadata.")]
        [Length(1, DocumentGenerator.MaxTitleChars)] string title,
        [Description("The content, as Markdown.")][MaxLength(DocumentGenerator.MaxMarkdownChars)] string markdown)
    {
        var document = DocumentGenerator.Generate(format, title, markdown);
        if (context.Services?.GetService<ILogger<DocsServer.LogCategory>>() is { } logger)
        {
            DocsLog.Generated(logger, document.Format, document.Content.Length, document.Sha256, ToolCaller.UserId(context.Services));
        }

        var result = new DocumentResult(document.Format, document.MimeType, document.FileName, document.Content.Length, document.Sha256, document.Uri);
        return new CallToolResult
        {
            Content =
            [
                new TextContentBlock { Text = $"Generated {document.FileName} ({document.MimeType}, {document.Content.Length} bytes, sha256 {document.Sha256})." },
                new EmbeddedResourceBlock { Resource = BlobResourceContents.FromBytes(document.Content, document.Uri, document.MimeType) },
            ],
            StructuredContent = JsonSerializer.SerializeToElement(result, DocsJsonContext.Default.DocumentResult),
        };
    }

    /// <summary>Output schema of <c>generate_document</c>.</summary>
    public sealed record DocumentResult(
        [property: Description("pdf, docx or html.")] string Format,
        string MimeType,
        [property: Description("A file name made from the title.")] string FileName,
        [property: Description("The document's size in bytes.")] int SizeBytes,
        [property: Description("The SHA-256 of the document's bytes, lower-case hex.")] string Sha256,
        [property: Description("The URI of the embedded resource holding the document.")] string Uri);
}

/// <summary>Source-generated (camelCase) serialization of the structured tool result.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DocsTools.DocumentResult))]
internal sealed partial class DocsJsonContext : JsonSerializerContext;
