using System.Net;
using System.Text;
using Markdig;

namespace McpGateway.Tools.Docs.Rendering;

/// <summary>
/// A standalone HTML5 page: Markdig's rendering of the Markdown with raw HTML disabled (tags in the Markdown are shown as
/// text), links limited to http, https, mailto and fragments, and a Content-Security-Policy that forbids scripts.
/// </summary>
public static class HtmlWriter
{
    private const string Style = "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        + "pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}code{font-family:ui-monospace,monospace}"
        + "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.25rem .5rem}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1rem;color:#555}";

    public static byte[] Write(string title, string markdown)
    {
        var document = MarkdownReader.Parse(markdown);
        var body = document.ToHtml(MarkdownReader.Pipeline);
        var html = new StringBuilder(body.Length + 1024)
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src https: data:\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"mcpgw docs\">\n")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1 class=\"document-title\">").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n")
            .Append(body)
            .Append("</body>\n</html>\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(html.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
