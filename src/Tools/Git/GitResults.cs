using System.ComponentModel;
using System.Text.Json.Serialization;

namespace McpGateway.Tools.Git;

/// <summary>A commit in a list.</summary>
public sealed record CommitSummary(
    string Sha,
    string ShortSha,
    string Author,
    string Email,
    [property: Description("Author date, ISO 8601 with the author's offset.")] string Date,
    [property: Description("The message's first line.")] string Subject);

/// <summary>Output of <c>git_log</c>.</summary>
public sealed record LogResult(
    string Repo,
    [property: Description("The revision the history starts from, as asked.")] string Ref,
    [property: Description("The commit it resolved to.")] string StartSha,
    CommitSummary[] Commits,
    [property: Description("The skip of the next page; null when this page is the last.")] int? NextSkip,
    [property: Description("True when the walk stopped at its limit of 100000 commits.")] bool ScanLimited);

/// <summary>A name, e-mail and date of a commit's author or committer.</summary>
public sealed record PersonInfo(string Name, string Email, string Date);

/// <summary>A changed file.</summary>
public sealed record FileChange(
    string Path,
    [property: Description("The previous path of a renamed or copied file; null otherwise.")] string? OldPath,
    [property: Description("added, deleted, modified, renamed, copied, typechanged…")] string Status,
    int Additions,
    int Deletions,
    bool Binary);

/// <summary>Output of <c>git_show</c>.</summary>
public sealed record ShowResult(
    string Repo,
    string Sha,
    string[] Parents,
    PersonInfo Author,
    PersonInfo Committer,
    string Message,
    FileChange[] Files,
    [property: Description("True when more than 1000 files changed (only the first 1000 are listed).")] bool FilesTruncated,
    [property: Description("The unified diff against the first parent, cut at 256 KiB.")] string Diff,
    [property: Description("The full diff's size in UTF-8 bytes.")] long DiffBytes,
    [property: Description("True when the diff was cut.")] bool DiffTruncated);

/// <summary>Output of <c>git_diff</c>.</summary>
public sealed record DiffResult(
    string Repo,
    [property: Description("The older commit.")] string From,
    [property: Description("The newer commit.")] string To,
    FileChange[] Files,
    bool FilesTruncated,
    [property: Description("The unified diff, cut at 256 KiB.")] string Diff,
    long DiffBytes,
    bool DiffTruncated);

/// <summary>A line of a file that contains the searched text.</summary>
public sealed record ContentMatch(string Path, [property: Description("1-based line number.")] int Line, string Text);

/// <summary>Output of <c>git_search</c>.</summary>
public sealed record SearchResult(
    string Repo,
    [property: Description("The commit whose files and history were searched.")] string Commit,
    string Query,
    ContentMatch[] ContentMatches,
    CommitSummary[] MessageMatches,
    [property: Description("Files not searched: binary, larger than 1 MiB, or past the 64 MiB budget.")] int SkippedFiles,
    [property: Description("True when there are more matches than returned (or a scan limit was reached).")] bool Truncated);

/// <summary>A branch or tag.</summary>
public sealed record RefEntry(string Name, string Sha, [property: Description("A remote-tracking branch.")] bool Remote);

/// <summary>Output of <c>git_list_refs</c>.</summary>
public sealed record RefsResult(
    string Repo,
    [property: Description("The checked-out branch; null when HEAD is detached.")] string? Head,
    [property: Description("The commit HEAD points at; null in an empty repository.")] string? HeadSha,
    RefEntry[] Branches,
    RefEntry[] Tags,
    bool Truncated);

/// <summary>Source-generated (camelCase) serialization of the structured tool results.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LogResult))]
[JsonSerializable(typeof(ShowResult))]
[JsonSerializable(typeof(DiffResult))]
[JsonSerializable(typeof(SearchResult))]
[JsonSerializable(typeof(RefsResult))]
internal sealed partial class GitJsonContext : JsonSerializerContext;
