using System.Globalization;
using System.Text.RegularExpressions;
using LibGit2Sharp;
using ModelContextProtocol;

namespace McpGateway.Tools.Git;

/// <summary>
/// Checks every name, ref and path a caller gives before it reaches libgit2, so that nothing escapes its repository:
/// paths are relative, forward-slash, without <c>.</c>/<c>..</c> segments, pathspec magic (<c>:</c>) or option-like
/// leading dashes; refs are plain revision names (branch, tag, hash, <c>HEAD~2</c>) without <c>..</c>, <c>:</c>,
/// <c>@{</c>, spaces or a leading dash. Objects are read from the repository's database, never from the file system.
/// </summary>
public static partial class GitInputs
{
    public const int MaxRefLength = 200;
    public const int MaxPathLength = 1000;
    public const int MaxTextLength = 200;

    public static void CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !RepositoryName().IsMatch(name))
        {
            throw new McpException("repo must be the name of a configured repository (letters, digits, '.', '_', '-').");
        }
    }

    /// <summary>A revision: <paramref name="value"/> or <c>HEAD</c>.</summary>
    public static string Ref(string? value, string what = "ref")
    {
        if (string.IsNullOrEmpty(value))
        {
            return "HEAD";
        }

        if (value.Length > MaxRefLength || !RefPattern().IsMatch(value) || value.Contains("..", StringComparison.Ordinal)
            || value.Contains("@{", StringComparison.Ordinal) || value.EndsWith('/') || value.EndsWith(".lock", StringComparison.Ordinal)
            || value.Contains("//", StringComparison.Ordinal))
        {
            throw new McpException($"{what} '{Shorten(value)}' is not a plain revision (a branch, tag or commit hash, optionally with ~N or ^N).");
        }

        return value;
    }

    /// <summary>A path inside the repository, or null when none is given.</summary>
    public static string? Path(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var trimmed = value.TrimEnd('/');
        if (trimmed.Length == 0 || trimmed.Length > MaxPathLength || trimmed.StartsWith('/') || trimmed.StartsWith('-')
            || trimmed.Contains('\\', StringComparison.Ordinal) || trimmed.Contains(':', StringComparison.Ordinal)
            || trimmed.Any(char.IsControl)
            || trimmed.Split('/').Any(segment => segment is "" or "." or ".." || segment.Equals(".git", StringComparison.OrdinalIgnoreCase)))
        {
            throw new McpException($"path '{Shorten(value)}' is not a relative path inside the repository (no '..', '.', '.git', absolute paths, ':' or a leading '-').");
        }

        return trimmed;
    }

    /// <summary>A free-text filter (author, search query): 1 to 200 characters without control characters, or null.</summary>
    public static string? Text(string? value, string what, bool required = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return required ? throw new McpException($"{what} is required.") : null;
        }

        return value.Length > MaxTextLength || value.Any(char.IsControl)
            ? throw new McpException($"{what} must be 1 to {MaxTextLength} characters without control characters.")
            : value;
    }

    /// <summary>An ISO 8601 date or date-time (<c>2024-05-01</c>, <c>2024-05-01T12:00:00Z</c>); a date alone is midnight UTC.</summary>
    public static DateTimeOffset? Date(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mmK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new McpException($"{what} must be an ISO 8601 date or date-time such as 2024-05-01 or 2024-05-01T12:00:00Z.");
    }

    /// <summary>A whole number within bounds.</summary>
    public static int Range(int value, int min, int max, string what) => value < min || value > max
        ? throw new McpException($"{what} must be between {min} and {max} (got {value}).")
        : value;

    /// <summary>The commit a checked revision names, or a tool error.</summary>
    public static Commit ResolveCommit(Repository repository, string revision)
    {
        GitObject? found;
        try
        {
            found = repository.Lookup(revision);
        }
        catch (LibGit2SharpException)
        {
            found = null;
        }

        return (found is null ? null : TryPeel(found))
            ?? throw new McpException($"'{revision}' does not name a commit of this repository.");
    }

    private static Commit? TryPeel(GitObject found)
    {
        try
        {
            return found.Peel<Commit>();
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._/~^-]*$")]
    private static partial Regex RefPattern();
}
