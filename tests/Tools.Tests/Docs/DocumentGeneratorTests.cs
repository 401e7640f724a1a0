using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using McpGateway.Tools.Docs;
using McpGateway.Tools.Tests.Infrastructure;
using ModelContextProtocol.Protocol;
using UglyToad.PdfPig;

namespace McpGateway.Tools.Tests.Docs;

/// <summary><c>generate_document</c>: deterministic PDF, DOCX and HTML that hold the Markdown's content and nothing unsafe.</summary>
public sealed class DocumentGeneratorTests
{
    public const string Title = "Quarterly Report Q3";

    public const string Markdown = """
        # Summary

        Revenue grew **strongly** in the *third* quarter, see [the dashboard](https://example.com/dash).

        ## Highlights

        - First bullet point
        - Second bullet with `inline code`
          1. Nested numbered item
          2. Another nested item

        > A quoted remark from the board.

        ```csharp
        var total = revenue - costs;
        Console.WriteLine(total);
        ```

        | Region | Revenue |
        |--------|---------|
        | North  | 1200    |
        | South  | 950     |

        ---

        Closing paragraph with an ampersand & a unicode dash – done.
        """;

    private static readonly string[] ExpectedTexts =
    [
        Title, "Summary", "Revenue grew strongly in the third quarter, see the dashboard.", "Highlights", "First bullet point",
        "Second bullet with inline code", "Nested numbered item", "A quoted remark from the board.", "var total = revenue - costs;",
        "Region", "Revenue", "North", "1200", "South", "950", "Closing paragraph with an ampersand & a unicode dash – done.",
    ];

    private static string Squash(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    /// <summary>The PDF's letters in reading order (lines top to bottom, each left to right), without white space.</summary>
    private static string PdfText(PdfDocument document) => Squash(string.Concat(document.GetPages().SelectMany(page => page.Letters
        .GroupBy(l => Math.Round(l.StartBaseLine.Y))
        .OrderByDescending(line => line.Key)
        .SelectMany(line => line.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value)))));

    [Theory]
    [InlineData("pdf")]
    [InlineData("docx")]
    [InlineData("html")]
    public void The_same_input_gives_the_same_bytes(string format)
    {
        var first = DocumentGenerator.Generate(format, Title, Markdown);
        var second = DocumentGenerator.Generate(format, Title, Markdown);
        Assert.Equal(first.Content, second.Content);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.Content)), first.Sha256);
        Assert.Equal("quarterly-report-q3." + format, first.FileName);

        var other = DocumentGenerator.Generate(format, Title, Markdown + "\nOne more line.");
        Assert.NotEqual(first.Sha256, other.Sha256);
    }

    [Fact]
    public void Pdf_text_reads_back_with_PdfPig()
    {
        var pdf = DocumentGenerator.Generate("pdf", Title, Markdown);
        Assert.Equal("application/pdf", pdf.MimeType);
        using var document = PdfDocument.Open(pdf.Content);
        Assert.Equal(Title, document.Information.Title);
        var text = PdfText(document);
        Assert.All(ExpectedTexts, expected => Assert.Contains(Squash(expected), text, StringComparison.Ordinal));
    }

    [Fact]
    public void Long_pdf_flows_over_pages()
    {
        var markdown = string.Join("\n\n", Enumerable.Range(1, 120).Select(i => $"Paragraph number {i} with some words to wrap around the line."));
        var pdf = DocumentGenerator.Generate("pdf", "Long", markdown);
        using var document = PdfDocument.Open(pdf.Content);
        Assert.True(document.NumberOfPages > 1);
        var text = PdfText(document);
        Assert.Contains(Squash("Paragraph number 120 with some words"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_opens_with_OpenXml_and_holds_the_content()
    {
        var docx = DocumentGenerator.Generate("docx", Title, Markdown);
        using var stream = new MemoryStream(docx.Content);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal(Title, paragraphs[0]);
        var all = Squash(string.Join(" ", paragraphs));
        Assert.All(ExpectedTexts, expected => Assert.Contains(Squash(expected), all, StringComparison.Ordinal));
        Assert.Single(body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>());
        var link = Assert.Single(document.MainDocumentPart.HyperlinkRelationships);
        Assert.Equal(new Uri("https://example.com/dash"), link.Uri);
        using var zip = new ZipArchive(new MemoryStream(docx.Content));
        Assert.All(zip.Entries, e => Assert.Equal(1980, e.LastWriteTime.Year));
    }

    [Fact]
    public void Html_holds_the_content_and_no_script()
    {
        const string hostile = """
            # Hello <script>alert(1)</script>

            <script>document.cookie</script>

            <img src=x onerror="alert(2)">

            [click](javascript:alert(3)) and [data](data:text/html;base64,PHNjcmlwdD4=) and <javascript:alert(4)>

            Plain [safe](https://example.com/ok) link.
            """;
        var html = Encoding.UTF8.GetString(DocumentGenerator.Generate("html", "T <script>x</script>", hostile).Content);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html.Replace("&lt;javascript:alert(4)&gt;", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.com/ok\">safe</a>", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);

        var report = Encoding.UTF8.GetString(DocumentGenerator.Generate("html", Title, Markdown).Content);
        Assert.Contains("<table>", report, StringComparison.Ordinal);
        Assert.Contains("<strong>strongly</strong>", report, StringComparison.Ordinal);
        Assert.Contains("<code>inline code</code>", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("odt", "T", "x", "format")]
    [InlineData("pdf", "", "x", "title")]
    [InlineData("pdf", "a\u0001b", "x", "title")]
    public void Bad_input_is_refused(string format, string title, string markdown, string message)
    {
        var error = Assert.Throws<ModelContextProtocol.McpException>(() => DocumentGenerator.Generate(format, title, markdown));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_much_markdown_is_refused()
    {
        var error = Assert.Throws<ModelContextProtocol.McpException>(() =>
            DocumentGenerator.Generate("html", "T", new string('x', DocumentGenerator.MaxMarkdownChars + 1)));
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_stdio_the_document_is_an_embedded_resource_identical_to_one_made_in_another_process()
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await DemoToolProcess.ConnectStdioAsync("Docs", cancellationToken: cts.Token);
        var tools = await client.ListToolsAsync(cancellationToken: cts.Token);
        var tool = Assert.Single(tools);
        Assert.Equal("generate_document", tool.Name);
        Assert.NotNull(tool.ProtocolTool.OutputSchema);

        foreach (var format in new[] { "pdf", "docx", "html" })
        {
            var result = await client.CallToolAsync("generate_document",
                new Dictionary<string, object?> { ["format"] = format, ["title"] = Title, ["markdown"] = Markdown }, cancellationToken: cts.Token);
            Assert.NotEqual(true, result.IsError);
            var resource = Assert.IsType<BlobResourceContents>(Assert.IsType<EmbeddedResourceBlock>(result.Content[1]).Resource);
            var bytes = resource.DecodedData.ToArray();
            var local = DocumentGenerator.Generate(format, Title, Markdown);
            Assert.Equal(local.MimeType, resource.MimeType);
            Assert.Equal(local.Content, bytes);
            Assert.Equal(local.Sha256, result.StructuredContent?.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, result.StructuredContent?.GetProperty("sizeBytes").GetInt32());
            Assert.Equal($"docs://generated/{local.Sha256}.{format}", resource.Uri);
        }
    }
}
