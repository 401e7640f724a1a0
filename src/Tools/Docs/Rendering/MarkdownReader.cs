using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using MdCodeBlock = Markdig.Syntax.CodeBlock;
using MdHeadingBlock = Markdig.Syntax.HeadingBlock;
using MdParagraphBlock = Markdig.Syntax.ParagraphBlock;

namespace McpGateway.Tools.Docs.Rendering;

/// <summary>
/// Parses Markdown with Markdig (CommonMark, pipe and grid tables, strikethrough; raw HTML disabled: it stays text) and
/// turns it into the <see cref="DocumentModel"/> the PDF and DOCX writers lay out. Links keep only safe URLs.
/// </summary>
public static class MarkdownReader
{
    /// <summary>The pipeline of every format: raw HTML is never passed through.</summary>
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>Parses <paramref name="markdown"/> and makes every link safe (<see cref="SafeUrl"/>).</summary>
    public static MarkdownDocument Parse(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.Url = SafeUrl(link.Url) ?? "#";
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            link.Url = SafeUrl(link.IsEmail ? "mailto:" + link.Url : link.Url) is null ? "#" : link.Url;
        }

        return document;
    }

    /// <summary>The URL if it is http, https, mailto or a fragment (#…); null for anything else (javascript:, data:, file:…).</summary>
    public static string? SafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var trimmed = url.Trim();
        if (trimmed.StartsWith('#'))
        {
            return trimmed;
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto" ? trimmed : null;
    }

    /// <summary>The model of <paramref name="markdown"/> under <paramref name="title"/>.</summary>
    public static DocumentModel Read(string title, string markdown)
    {
        var blocks = new List<DocumentBlock>();
        foreach (var block in Parse(markdown))
        {
            AddBlock(block, blocks, indent: 0, quote: false);
        }

        return new DocumentModel(title, blocks);
    }

    private static void AddBlock(Block block, List<DocumentBlock> blocks, int indent, bool quote, string? marker = null)
    {
        switch (block)
        {
            case MdHeadingBlock heading:
                blocks.Add(new HeadingBlock(Math.Clamp(heading.Level, 1, 6), Runs(heading.Inline)));
                break;
            case MdParagraphBlock paragraph:
                blocks.Add(new ParagraphBlock(Runs(paragraph.Inline), indent, marker, quote));
                break;
            case MdCodeBlock code:
                blocks.Add(new CodeBlock([.. code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())], indent));
                break;
            case ThematicBreakBlock:
                blocks.Add(new RuleBlock());
                break;
            case Table table:
                var rows = table.OfType<TableRow>().Select(row => (IReadOnlyList<IReadOnlyList<TextRun>>)[.. row.OfType<TableCell>()
                    .Select(cell => (IReadOnlyList<TextRun>)[.. cell.OfType<MdParagraphBlock>().SelectMany(p => Runs(p.Inline))])]).ToList();
                blocks.Add(new TableBlock(rows, table.OfType<TableRow>().FirstOrDefault()?.IsHeader == true));
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var itemMarker = list.IsOrdered ? $"{number++}." : indent % 2 == 0 ? "•" : "◦";
                    var first = true;
                    foreach (var child in item)
                    {
                        AddBlock(child, blocks, indent + 1, quote, first ? itemMarker : null);
                        first = false;
                    }
                }

                break;
            case QuoteBlock quoteBlock:
                foreach (var child in quoteBlock)
                {
                    AddBlock(child, blocks, indent, quote: true);
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AddBlock(child, blocks, indent, quote);
                }

                break;
        }
    }

    private static List<TextRun> Runs(ContainerInline? inline)
    {
        var runs = new List<TextRun>();
        if (inline is not null)
        {
            AddRuns(inline, runs, bold: false, italic: false, link: null);
        }

        return runs;
    }

    private static void AddRuns(Inline inline, List<TextRun> runs, bool bold, bool italic, string? link)
    {
        switch (inline)
        {
            case LiteralInline literal:
                runs.Add(new TextRun(literal.Content.ToString(), bold, italic, false, link));
                break;
            case CodeInline code:
                runs.Add(new TextRun(code.Content, bold, italic, true, link));
                break;
            case LineBreakInline:
                runs.Add(new TextRun(" ", bold, italic, false, link));
                break;
            case HtmlEntityInline entity:
                runs.Add(new TextRun(entity.Transcoded.ToString(), bold, italic, false, link));
                break;
            case HtmlInline html:
                runs.Add(new TextRun(html.Tag, bold, italic, false, link));
                break;
            case AutolinkInline autolink:
                runs.Add(new TextRun(autolink.Url, bold, italic, false, SafeUrl(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url)));
                break;
            case LinkInline { IsImage: true } image:
                runs.Add(new TextRun("[image: " + string.Concat(Runs(image).Select(r => r.Text)) + "]", bold, italic, false, SafeUrl(image.Url)));
                break;
            case LinkInline linkInline:
                foreach (var child in linkInline)
                {
                    AddRuns(child, runs, bold, italic, SafeUrl(linkInline.Url));
                }

                break;
            case EmphasisInline emphasis:
                var strong = emphasis.DelimiterCount >= 2 && emphasis.DelimiterChar is '*' or '_';
                var em = emphasis.DelimiterCount == 1 || emphasis.DelimiterCount >= 3;
                foreach (var child in emphasis)
                {
                    AddRuns(child, runs, bold || strong, italic || (em && emphasis.DelimiterChar is '*' or '_'), link);
                }

                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AddRuns(child, runs, bold, italic, link);
                }

                break;
        }
    }
}
