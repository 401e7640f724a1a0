namespace McpGateway.Tools.Docs.Rendering;

/// <summary>A span of text with its style; <see cref="Link"/> is a safe URL (http, https, mailto) or null.</summary>
public sealed record TextRun(string Text, bool Bold = false, bool Italic = false, bool Code = false, string? Link = null);

/// <summary>A block of the document, what the PDF and DOCX writers lay out.</summary>
public abstract record DocumentBlock;

/// <summary>A heading, level 1 (the title) to 6.</summary>
public sealed record HeadingBlock(int Level, IReadOnlyList<TextRun> Runs) : DocumentBlock;

/// <summary>A paragraph; in a list it has a <see cref="Marker"/> ("•", "1.") and an indent (nesting depth); in a quote <see cref="Quote"/>.</summary>
public sealed record ParagraphBlock(IReadOnlyList<TextRun> Runs, int Indent = 0, string? Marker = null, bool Quote = false) : DocumentBlock;

/// <summary>A code block, its lines as written.</summary>
public sealed record CodeBlock(IReadOnlyList<string> Lines, int Indent = 0) : DocumentBlock;

/// <summary>A table: rows of cells, the first row the header when <see cref="HasHeader"/>.</summary>
public sealed record TableBlock(IReadOnlyList<IReadOnlyList<IReadOnlyList<TextRun>>> Rows, bool HasHeader) : DocumentBlock;

/// <summary>A horizontal rule.</summary>
public sealed record RuleBlock : DocumentBlock;

/// <summary>A document: its title and blocks.</summary>
public sealed record DocumentModel(string Title, IReadOnlyList<DocumentBlock> Blocks)
{
    /// <summary>All the text of the document, for tests and sizes.</summary>
    public IEnumerable<string> Texts() => Blocks.SelectMany(b => b switch
    {
        HeadingBlock h => h.Runs.Select(r => r.Text),
        ParagraphBlock p => p.Runs.Select(r => r.Text),
        CodeBlock c => c.Lines,
        TableBlock t => t.Rows.SelectMany(r => r.SelectMany(c => c.Select(x => x.Text))),
        _ => [],
    });
}
