namespace McpGateway.Core.Policy.Constraints;

/// <summary>Splits SQL text into tokens under one <see cref="SqlLexing"/> reading; comments and whitespace are dropped.</summary>
internal sealed class SqlLexer(string text, SqlLexing lexing)
{
    private int _at;

    /// <summary>The tokens, or the failure that makes the text unreadable (unterminated quote or comment...).</summary>
    public (List<SqlToken> Tokens, CheckFailure? Failure) Read()
    {
        var tokens = new List<SqlToken>();
        while (_at < text.Length)
        {
            var c = text[_at];
            CheckFailure? failure = null;
            if (char.IsWhiteSpace(c))
            {
                _at++;
            }
            else if (c == '-' && Peek(1) == '-' && (!Has(SqlLexing.DashCommentNeedsSpace) || Peek(2) is ' ' or '\t' or '\n' or '\r' or '\0'))
            {
                SkipLine();
            }
            else if (c == '#' && Has(SqlLexing.HashComments))
            {
                SkipLine();
            }
            else if (c == '/' && Peek(1) == '*')
            {
                failure = SkipBlockComment();
            }
            else if (c == '\'')
            {
                failure = Quoted('\'', SqlTokenKind.String, Has(SqlLexing.BackslashEscapes), tokens);
            }
            else if (c == '"')
            {
                failure = Quoted('"', SqlTokenKind.QuotedIdentifier, Has(SqlLexing.BackslashEscapes), tokens);
            }
            else if (c == '`')
            {
                failure = Quoted('`', SqlTokenKind.QuotedIdentifier, false, tokens);
            }
            else if (c == '[' && Has(SqlLexing.BracketIdentifiers))
            {
                failure = Quoted(']', SqlTokenKind.QuotedIdentifier, false, tokens);
            }
            else if (c == '$' && Has(SqlLexing.DollarQuotes) && DollarTag() is { } tag)
            {
                failure = DollarQuoted(tag, tokens);
            }
            else if (c == ';')
            {
                tokens.Add(new SqlToken(SqlTokenKind.Semicolon, ";"));
                _at++;
            }
            else if (char.IsAsciiDigit(c))
            {
                tokens.Add(new SqlToken(SqlTokenKind.Number, Take(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_')));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                failure = Word(tokens);
            }
            else
            {
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString()));
                _at++;
            }

            if (failure is not null)
            {
                return (tokens, failure);
            }
        }

        return (tokens, null);
    }

    private bool Has(SqlLexing flag) => (lexing & flag) != 0;

    private char Peek(int offset) => _at + offset < text.Length ? text[_at + offset] : '\0';

    private string Take(Func<char, bool> accept)
    {
        var start = _at;
        while (_at < text.Length && accept(text[_at]))
        {
            _at++;
        }

        return text[start.._at];
    }

    private void SkipLine()
    {
        while (_at < text.Length && text[_at] != '\n')
        {
            _at++;
        }
    }

    private CheckFailure? SkipBlockComment()
    {
        if (Peek(2) == '!')
        {
            return new CheckFailure("executable-comment", "'/*!' comments are executed by MySQL and are refused");
        }

        var depth = 0;
        while (_at < text.Length)
        {
            if (text[_at] == '/' && Peek(1) == '*' && (depth == 0 || Has(SqlLexing.NestedComments)))
            {
                depth++;
                _at += 2;
            }
            else if (text[_at] == '*' && Peek(1) == '/')
            {
                _at += 2;
                if (--depth == 0)
                {
                    return null;
                }
            }
            else
            {
                _at++;
            }
        }

        return Unterminated("comment");
    }

    private CheckFailure? Quoted(char close, SqlTokenKind kind, bool backslashEscapes, List<SqlToken> tokens)
    {
        _at++;
        var value = new System.Text.StringBuilder();
        while (_at < text.Length)
        {
            var c = text[_at];
            if (backslashEscapes && c == '\\' && _at + 1 < text.Length)
            {
                value.Append(text[_at + 1]);
                _at += 2;
            }
            else if (c == close && Peek(1) == close)
            {
                value.Append(c);
                _at += 2;
            }
            else if (c == close)
            {
                _at++;
                tokens.Add(new SqlToken(kind, value.ToString()));
                return null;
            }
            else
            {
                value.Append(c);
                _at++;
            }
        }

        return Unterminated(kind == SqlTokenKind.String ? "string" : "quoted identifier");
    }

    /// <summary>A PostgreSQL dollar-quote opener (<c>$$</c>, <c>$tag$</c>) at the cursor, not inside a word.</summary>
    private string? DollarTag()
    {
        if (_at > 0 && (char.IsLetterOrDigit(text[_at - 1]) || text[_at - 1] is '_' or '$'))
        {
            return null;
        }

        var end = _at + 1;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end < text.Length && text[end] == '$' && (end == _at + 1 || !char.IsAsciiDigit(text[_at + 1])) ? text[_at..(end + 1)] : null;
    }

    private CheckFailure? DollarQuoted(string tag, List<SqlToken> tokens)
    {
        var close = text.IndexOf(tag, _at + tag.Length, StringComparison.Ordinal);
        if (close < 0)
        {
            return Unterminated("dollar-quoted string");
        }

        tokens.Add(new SqlToken(SqlTokenKind.String, text[(_at + tag.Length)..close]));
        _at = close + tag.Length;
        return null;
    }

    private CheckFailure? Word(List<SqlToken> tokens)
    {
        var word = Take(ch => char.IsLetterOrDigit(ch) || ch is '_' or '$');

        // Unicode-escaped names and strings (U&"\0064rop") would hide what they spell.
        if (word.Equals("U", StringComparison.OrdinalIgnoreCase) && Peek(0) == '&' && Peek(1) is '\'' or '"')
        {
            return new CheckFailure("unicode-escape", "U& escaped strings and names are refused");
        }

        // E'...' reads backslash escapes in PostgreSQL; elsewhere E is a name (SQLite even takes 'x' after it as an alias).
        if (Has(SqlLexing.EscapeStrings) && word.Equals("E", StringComparison.OrdinalIgnoreCase) && Peek(0) == '\'')
        {
            return Quoted('\'', SqlTokenKind.String, backslashEscapes: true, tokens);
        }

        tokens.Add(new SqlToken(SqlTokenKind.Word, word));
        return null;
    }

    private static CheckFailure Unterminated(string what) => new("unterminated", $"unterminated {what}");
}
