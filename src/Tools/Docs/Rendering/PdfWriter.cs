using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace McpGateway.Tools.Docs.Rendering;

/// <summary>
/// Lays a <see cref="DocumentModel"/> out on A4 pages with PDFsharp: headings, wrapped paragraphs with bold, italic,
/// code and link (blue) runs, list markers, quotes, code blocks on grey, tables with borders, rules. The output is made
/// deterministic by <see cref="DeterministicPdf"/> (fixed dates and document id).
/// </summary>
public sealed class PdfWriter
{
    private const double Margin = 56;
    private const double BodySize = 11;
    private const double IndentStep = 18;
    private static readonly double[] HeadingSizes = [20, 16, 14, 12.5, 11.5, 11];
    private static readonly XBrush Text = XBrushes.Black;
    private static readonly XBrush LinkBrush = new XSolidBrush(XColor.FromArgb(0, 0x33, 0x99));
    private static readonly XBrush CodeBackground = new XSolidBrush(XColor.FromArgb(0xF2, 0xF2, 0xF2));
    private static readonly XPen Border = new(XColor.FromArgb(0x99, 0x99, 0x99), 0.6);

    private readonly PdfDocument _document = new();
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;

    private PdfWriter()
    {
    }

    private double Width => _page.Width.Point - 2 * Margin;

    private double Bottom => _page.Height.Point - Margin;

    /// <summary>The PDF bytes of <paramref name="model"/>; <paramref name="documentId"/> (16 bytes) becomes the file's /ID.</summary>
    public static byte[] Write(DocumentModel model, byte[] documentId)
    {
        PdfFonts.Install();
        var writer = new PdfWriter();
        try
        {
            return writer.Render(model, documentId);
        }
        finally
        {
            writer._graphics?.Dispose();
            writer._document.Dispose();
        }
    }

    private byte[] Render(DocumentModel model, byte[] documentId)
    {
        _document.Info.Title = model.Title;
        _document.Info.Creator = "mcpgw docs";
        _document.Info.CreationDate = DeterministicPdf.FixedDate;
        _document.Info.ModificationDate = DeterministicPdf.FixedDate;
        NewPage();

        Heading(0, [new TextRun(model.Title, Bold: true)]);
        foreach (var block in model.Blocks)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    Heading(heading.Level, heading.Runs);
                    break;
                case ParagraphBlock paragraph:
                    Paragraph(paragraph);
                    break;
                case CodeBlock code:
                    Code(code);
                    break;
                case TableBlock table:
                    Table(table);
                    break;
                case RuleBlock:
                    Space(6);
                    _graphics.DrawLine(Border, Margin, _y, Margin + Width, _y);
                    Space(8);
                    break;
            }
        }

        _graphics.Dispose();
        _graphics = null!;
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return DeterministicPdf.Normalize(stream.ToArray(), documentId);
    }

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    private void Space(double points)
    {
        _y += points;
        if (_y > Bottom)
        {
            NewPage();
        }
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > Bottom && _y > Margin)
        {
            NewPage();
        }
    }

    private void Heading(int level, IReadOnlyList<TextRun> runs)
    {
        var size = level == 0 ? 24 : HeadingSizes[level - 1];
        Space(level <= 1 ? 10 : 6);
        var bold = runs.Select(r => r with { Bold = true }).ToList();
        var lines = Break(bold, size, Width);
        EnsureSpace(Math.Min(lines.Count, 2) * size * 1.3 + BodySize * 2.6);
        DrawLines(lines, Margin, size);
        Space(4);
    }

    private void Paragraph(ParagraphBlock paragraph)
    {
        var indent = paragraph.Indent * IndentStep + (paragraph.Quote ? IndentStep : 0);
        var x = Margin + indent;
        var lines = Break(paragraph.Runs, BodySize, Width - indent);
        if (paragraph.Marker is { } marker)
        {
            EnsureSpace(LineHeight(BodySize));
            _graphics.DrawString(marker, Font(new TextRun(marker), BodySize), Text, x - IndentStep + 2, _y, XStringFormats.TopLeft);
        }

        var top = _y;
        DrawLines(lines, x, BodySize);
        if (paragraph.Quote && _y > top)
        {
            _graphics.DrawLine(Border, x - IndentStep / 2, top, x - IndentStep / 2, _y);
        }

        Space(BodySize * 0.5);
    }

    private void Code(CodeBlock code)
    {
        var x = Margin + code.Indent * IndentStep;
        var size = BodySize - 1.5;
        var font = new XFont(PdfFonts.MonoFamily, size, XFontStyleEx.Regular);
        var width = Width - code.Indent * IndentStep - 8;
        foreach (var line in code.Lines.DefaultIfEmpty(""))
        {
            foreach (var piece in BreakChars(line.Replace("\t", "    ", StringComparison.Ordinal), font, width))
            {
                EnsureSpace(LineHeight(size));
                _graphics.DrawRectangle(CodeBackground, x, _y, Width - code.Indent * IndentStep, LineHeight(size));
                _graphics.DrawString(piece, font, Text, x + 4, _y, XStringFormats.TopLeft);
                _y += LineHeight(size);
            }
        }

        Space(BodySize * 0.6);
    }

    private void Table(TableBlock table)
    {
        var columns = Math.Max(1, table.Rows.Max(r => r.Count));
        var cellWidth = Width / columns;
        const double padding = 3;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var header = table.HasHeader && r == 0;
            var cells = Enumerable.Range(0, columns)
                .Select(c => Break([.. (c < table.Rows[r].Count ? table.Rows[r][c] : []).Select(t => header ? t with { Bold = true } : t)], BodySize, cellWidth - 2 * padding))
                .ToList();
            var height = Math.Max(1, cells.Max(c => c.Count)) * LineHeight(BodySize) + 2 * padding;
            EnsureSpace(height);
            var top = _y;
            for (var c = 0; c < columns; c++)
            {
                var x = Margin + c * cellWidth;
                _graphics.DrawRectangle(Border, x, top, cellWidth, height);
                _y = top + padding;
                DrawLines(cells[c], x + padding, BodySize, allowBreak: false);
            }

            _y = top + height;
        }

        Space(BodySize * 0.6);
    }

    private static double LineHeight(double size) => size * 1.35;

    private static XFont Font(TextRun run, double size) => run.Code
        ? new XFont(PdfFonts.MonoFamily, size, XFontStyleEx.Regular)
        : new XFont(PdfFonts.Family, size, (run.Bold, run.Italic) switch
        {
            (true, true) => XFontStyleEx.BoldItalic,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            _ => XFontStyleEx.Regular,
        });

    private sealed record Piece(string Text, XFont Font, XBrush Brush, double X);

    /// <summary>Breaks runs into lines no wider than <paramref name="width"/> (words; a word too long is cut).</summary>
    private List<List<Piece>> Break(IReadOnlyList<TextRun> runs, double size, double width)
    {
        var lines = new List<List<Piece>> { new() };
        var x = 0.0;
        var pendingSpace = false;
        foreach (var run in runs)
        {
            var font = Font(run, size);
            var brush = run.Link is not null ? LinkBrush : Text;
            var space = _graphics.MeasureString(" ", font).Width;
            var words = run.Text.Replace('\n', ' ').Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                if (i > 0 || run.Text.StartsWith(' '))
                {
                    pendingSpace = lines[^1].Count > 0;
                }

                if (words[i].Length == 0)
                {
                    continue;
                }

                foreach (var part in BreakChars(words[i], font, width))
                {
                    var w = _graphics.MeasureString(part, font).Width;
                    var gap = pendingSpace ? space : 0;
                    if (x + gap + w > width && lines[^1].Count > 0)
                    {
                        lines.Add([]);
                        x = 0;
                        gap = 0;
                    }

                    lines[^1].Add(new Piece(part, font, brush, x + gap));
                    x += gap + w;
                    pendingSpace = false;
                }
            }
        }

        return lines;
    }

    private IEnumerable<string> BreakChars(string text, XFont font, double width)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.Length;
            while (end - start > 1 && _graphics.MeasureString(text[start..end], font).Width > width)
            {
                end = start + Math.Max(1, (end - start) * 3 / 4);
            }

            yield return text[start..end];
            start = end;
        }

        if (text.Length == 0)
        {
            yield return "";
        }
    }

    private void DrawLines(List<List<Piece>> lines, double x, double size, bool allowBreak = true)
    {
        foreach (var line in lines)
        {
            if (allowBreak)
            {
                EnsureSpace(LineHeight(size));
            }

            foreach (var piece in line)
            {
                _graphics.DrawString(piece.Text, piece.Font, piece.Brush, x + piece.X, _y, XStringFormats.TopLeft);
            }

            _y += LineHeight(size);
        }
    }
}
