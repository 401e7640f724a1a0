using System.Security.Cryptography;
using System.Text;
using McpGateway.Tools.Docs.Rendering;
using ModelContextProtocol;

namespace McpGateway.Tools.Docs;

/// <summary>A generated document: its bytes, type and identity.</summary>
public sealed record GeneratedDocument(string Format, string MimeType, string FileName, byte[] Content, string Sha256)
{
    /// <summary>The resource URI it is embedded under: <c>docs://generated/{sha256}.{format}</c>.</summary>
    public string Uri => $"docs://generated/{Sha256}.{Format}";
}

/// <summary>Markdown to PDF (PDFsharp), DOCX (Open XML SDK) or HTML (Markdig); deterministic and size-limited.</summary>
public static class DocumentGenerator
{
    /// <summary>Most characters of Markdown accepted.</summary>
    public const int MaxMarkdownChars = 200_000;

    /// <summary>Most characters of a title.</summary>
    public const int MaxTitleChars = 200;

    /// <summary>Largest document returned (before base64).</summary>
    public const int MaxOutputBytes = 8 * 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, string> MimeTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pdf"] = "application/pdf",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["html"] = "text/html",
    };

    public static GeneratedDocument Generate(string? format, string? title, string? markdown)
    {
        if (format is null || !MimeTypes.TryGetValue(format, out var mimeType))
        {
            throw new McpException($"format must be pdf, docx or html (got '{format}').");
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > MaxTitleChars || title.Any(char.IsControl))
        {
            throw new McpException($"title must be 1 to {MaxTitleChars} characters without control characters.");
        }

        markdown ??= "";
        if (markdown.Length > MaxMarkdownChars)
        {
            throw new McpException($"markdown is {markdown.Length} characters long; at most {MaxMarkdownChars} are accepted.");
        }

        markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var documentId = SHA256.HashData(Encoding.UTF8.GetBytes($"{format}\n{title}\n{markdown}"));
        var content = format switch
        {
            "html" => HtmlWriter.Write(title, markdown),
            "docx" => DocxWriter.Write(MarkdownReader.Read(title, markdown)),
            _ => PdfWriter.Write(MarkdownReader.Read(title, markdown), documentId),
        };

        if (content.Length > MaxOutputBytes)
        {
            throw new McpException($"The {format} document would be {content.Length} bytes; at most {MaxOutputBytes} are returned.");
        }

        return new GeneratedDocument(format, mimeType, $"{FileStem(title)}.{format}", content, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    /// <summary>A file name stem from the title: lower-case letters, digits and dashes, at most 60 characters.</summary>
    public static string FileStem(string title)
    {
        var stem = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                stem.Append(c);
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
        }

        var text = stem.ToString().Trim('-');
        text = text.Length > 60 ? text[..60].TrimEnd('-') : text;
        return text.Length == 0 ? "document" : text;
    }
}
