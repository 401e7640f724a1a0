using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace McpGateway.Tools.Docs.Rendering;

/// <summary>
/// Writes a <see cref="DocumentModel"/> as a Word document with the Open XML SDK (direct formatting: headings with
/// outline levels, bold/italic/code runs, hyperlinks, indented list items, shaded code lines, bordered tables), then
/// rewrites the package's ZIP with fixed entry dates so that the same input gives the same bytes.
/// </summary>
public static partial class DocxWriter
{
    private const string CodeFont = "Consolas";
    private static readonly string[] HeadingSizes = ["40", "32", "28", "26", "24", "22"];

    /// <summary>The date of every ZIP entry (the earliest a ZIP can hold).</summary>
    public static readonly DateTimeOffset FixedDate = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Write(DocumentModel model)
    {
        using var package = new MemoryStream();
        using (var document = WordprocessingDocument.Create(package, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            var links = 0;
            body.Append(HeadingParagraph(0, [new TextRun(model.Title, Bold: true)], main, ref links));
            foreach (var block in model.Blocks)
            {
                switch (block)
                {
                    case HeadingBlock heading:
                        body.Append(HeadingParagraph(heading.Level, heading.Runs, main, ref links));
                        break;
                    case ParagraphBlock paragraph:
                        body.Append(BodyParagraph(paragraph, main, ref links));
                        break;
                    case CodeBlock code:
                        foreach (var line in code.Lines.DefaultIfEmpty(""))
                        {
                            body.Append(new Paragraph(
                                new ParagraphProperties(
                                    new Shading { Val = ShadingPatternValues.Clear, Fill = "F2F2F2" },
                                    new SpacingBetweenLines { Before = "0", After = "0" },
                                    new Indentation { Left = (code.Indent * 360).ToString(System.Globalization.CultureInfo.InvariantCulture) }),
                                Plain(line, code: true)));
                        }

                        break;
                    case TableBlock table:
                        body.Append(Table(table, main, ref links));
                        body.Append(new Paragraph());
                        break;
                    case RuleBlock:
                        body.Append(new Paragraph(new ParagraphProperties(new ParagraphBorders(
                            new BottomBorder { Val = BorderValues.Single, Size = 6, Space = 1, Color = "999999" }))));
                        break;
                }
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 708U, Footer = 708U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return Repack(package.ToArray());
    }

    private static Paragraph HeadingParagraph(int level, IReadOnlyList<TextRun> runs, MainDocumentPart main, ref int links)
    {
        var size = level == 0 ? "48" : HeadingSizes[level - 1];
        var paragraph = new Paragraph(new ParagraphProperties(
            new KeepNext(),
            new SpacingBetweenLines { Before = level <= 1 ? "240" : "160", After = "80" },
            new OutlineLevel { Val = Math.Max(0, level - 1) }));
        AppendRuns(paragraph, runs.Select(r => r with { Bold = true }), main, ref links, size);
        return paragraph;
    }

    private static Paragraph BodyParagraph(ParagraphBlock block, MainDocumentPart main, ref int links)
    {
        var properties = new ParagraphProperties();
        var indent = block.Indent * 360 + (block.Quote ? 360 : 0);
        if (block.Quote)
        {
            properties.Append(new ParagraphBorders(new LeftBorder { Val = BorderValues.Single, Size = 12, Space = 8, Color = "CCCCCC" }));
        }

        if (indent > 0)
        {
            properties.Append(block.Marker is null
                ? new Indentation { Left = Twips(indent) }
                : new Indentation { Left = Twips(indent), Hanging = "360" });
        }

        var paragraph = new Paragraph(properties);
        if (block.Marker is { } marker)
        {
            paragraph.Append(Plain(marker), new Run(new TabChar()));
        }

        AppendRuns(paragraph, block.Runs, main, ref links, size: null);
        return paragraph;
    }

    private static Table Table(TableBlock block, MainDocumentPart main, ref int links)
    {
        var border = () => new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4, Color = "999999" },
            new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "999999" },
            new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "999999" },
            new RightBorder { Val = BorderValues.Single, Size = 4, Color = "999999" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "999999" },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "999999" });
        var table = new Table(new TableProperties(new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }, border()));
        var columns = Math.Max(1, block.Rows.Max(r => r.Count));
        for (var r = 0; r < block.Rows.Count; r++)
        {
            var header = block.HasHeader && r == 0;
            var row = new TableRow();
            for (var c = 0; c < columns; c++)
            {
                var paragraph = new Paragraph();
                var runs = c < block.Rows[r].Count ? block.Rows[r][c] : [];
                AppendRuns(paragraph, runs.Select(t => header ? t with { Bold = true } : t), main, ref links, size: null);
                row.Append(new TableCell(paragraph));
            }

            table.Append(row);
        }

        return table;
    }

    private static void AppendRuns(Paragraph paragraph, IEnumerable<TextRun> runs, MainDocumentPart main, ref int links, string? size)
    {
        foreach (var run in runs)
        {
            var element = Styled(run, size);
            if (run.Link is { } url && !url.StartsWith('#') && Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                var id = $"rIdLink{++links}";
                main.AddHyperlinkRelationship(uri, isExternal: true, id);
                paragraph.Append(new Hyperlink(element) { Id = id });
            }
            else
            {
                paragraph.Append(element);
            }
        }
    }

    private static Run Styled(TextRun run, string? size)
    {
        var properties = new RunProperties();
        if (run.Code)
        {
            properties.Append(new RunFonts { Ascii = CodeFont, HighAnsi = CodeFont, ComplexScript = CodeFont });
        }

        if (run.Bold)
        {
            properties.Append(new Bold());
        }

        if (run.Italic)
        {
            properties.Append(new Italic());
        }

        if (run.Link is not null)
        {
            properties.Append(new Color { Val = "003399" }, new Underline { Val = UnderlineValues.Single });
        }

        if (size is not null)
        {
            properties.Append(new FontSize { Val = size });
        }

        return new Run(properties, new Text(run.Text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static Run Plain(string text, bool code = false) => Styled(new TextRun(text, Code: code), null);

    private static string Twips(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The same entries, in the same order, with fixed dates, and the package's random relationship ids
    /// (<c>R</c> + 16 hex digits) renamed <c>rIdPkg1</c>, <c>rIdPkg2</c>… in order of appearance, in every part.
    /// </summary>
    private static byte[] Repack(byte[] package)
    {
        using var source = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        var entries = source.Entries.Select(e =>
        {
            using var reader = new StreamReader(e.Open(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            return (e.FullName, Text: reader.ReadToEnd());
        }).ToList();

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.Ordinal)))
        {
            foreach (System.Text.RegularExpressions.Match match in RandomId().Matches(text))
            {
                ids.TryAdd(match.Groups[1].Value, $"rIdPkg{ids.Count + 1}");
            }
        }

        using var output = new MemoryStream();
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                var renamed = ids.Count == 0 ? text : RandomId().Replace(text, m => ids.TryGetValue(m.Groups[1].Value, out var id) ? $"Id=\"{id}\"" : m.Value);
                renamed = ids.Aggregate(renamed, (t, pair) => t.Replace($"\"{pair.Key}\"", $"\"{pair.Value}\"", StringComparison.Ordinal));
                var copy = target.CreateEntry(name, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedDate;
                using var to = copy.Open();
                var bytes = System.Text.Encoding.UTF8.GetBytes(renamed);
                to.Write(bytes);
            }
        }

        return output.ToArray();
    }

    [System.Text.RegularExpressions.GeneratedRegex("Id=\"(R[0-9a-f]{16})\"")]
    private static partial System.Text.RegularExpressions.Regex RandomId();
}
