namespace McpGateway.Core.Policy.Constraints;

/// <summary>
/// The lexical rules on which SQL dialects disagree. A text is read under every combination of them
/// (<see cref="All"/>): what one database sees as a comment or inside a string, another may execute.
/// </summary>
[Flags]
public enum SqlLexing
{
    /// <summary>Standard SQL: <c>''</c> escapes a quote, <c>/* */</c> does not nest, <c>--</c> starts a comment.</summary>
    Standard = 0,

    /// <summary>MySQL: <c>\'</c> escapes a quote inside strings.</summary>
    BackslashEscapes = 1,

    /// <summary>MySQL: <c>#</c> starts a line comment.</summary>
    HashComments = 2,

    /// <summary>PostgreSQL, SQL Server: block comments nest.</summary>
    NestedComments = 4,

    /// <summary>PostgreSQL: <c>$tag$ … $tag$</c> is a string.</summary>
    DollarQuotes = 8,

    /// <summary>MySQL: <c>--</c> starts a comment only when followed by a space.</summary>
    DashCommentNeedsSpace = 16,

    /// <summary>SQL Server, SQLite: <c>[name]</c> is a quoted identifier.</summary>
    BracketIdentifiers = 32,

    /// <summary>PostgreSQL: <c>E'…'</c> reads backslash escapes (elsewhere <c>E</c> is a name and the string a plain one).</summary>
    EscapeStrings = 64,
}

internal enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Number,
    Symbol,
    Semicolon,
}

internal readonly record struct SqlToken(SqlTokenKind Kind, string Text);
