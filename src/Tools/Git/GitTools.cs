using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LibGit2Sharp;
using McpGateway.Tools.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Tools.Git;

/// <summary>The read-only Git tools: <c>git_log</c>, <c>git_show</c>, <c>git_diff</c>, <c>git_search</c>, <c>git_list_refs</c>.</summary>
public static class GitTools
{
    /// <summary>Most bytes of diff text in one answer; the rest is cut and <c>diffTruncated</c> says so.</summary>
    public const int MaxDiffBytes = 256 * 1024;

    /// <summary>Most changed files listed in one answer.</summary>
    public const int MaxFiles = 1000;

    /// <summary>Most commits one call walks (log filters, message search).</summary>
    public const int MaxCommitsScanned = 100_000;

    /// <summary>Most bytes of file content one search reads; larger files (and binary ones) are skipped.</summary>
    public const long MaxSearchBytes = 64L * 1024 * 1024;

    /// <summary>Files larger than this are not searched.</summary>
    public const long MaxSearchFileBytes = 1024 * 1024;

    /// <summary>Most branches and tags listed.</summary>
    public const int MaxRefs = 1000;

    private const int MaxLineLength = 300;

    [McpServerTool(Name = "git_log", Title = "Git log", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(LogResult))]
    [Description("The history of a configured repository, newest first: commits reachable from `ref` (default HEAD), optionally only "
        + "those changing `path`, by an `author` (case-insensitive part of the name or e-mail) or within `since`/`until` (ISO 8601, "
        + "author date). Paging: `max_count` per page (1 to 200, default 20) and `skip`; `nextSkip` is the next page's skip, null at the end.")]
    public static CallToolResult Log(
        RequestContext<CallToolRequestParams> context,
        [Description("The repository's configured name (e.g. self).")] string repo,
        [Description("Commits per page, 1 to 200.")][Range(1, 200)] int max_count = 20,
        [Description("Commits of the filtered history to skip (paging).")][Range(0, MaxCommitsScanned)] int skip = 0,
        [Description("Only commits changing this path (a file or folder, relative to the repository root).")] string? path = null,
        [Description("Only commits whose author name or e-mail contains this text (case-insensitive).")] string? author = null,
        [Description("Only commits authored at or after this ISO 8601 date or date-time.")] string? since = null,
        [Description("Only commits authored at or before this ISO 8601 date or date-time.")] string? until = null,
        [Description("Where the history starts: a branch, tag or commit (default HEAD).")] string? @ref = null,
        CancellationToken cancellationToken = default)
    {
        Log(context, "git_log", repo);
        var count = GitInputs.Range(max_count, 1, 200, "max_count");
        GitInputs.Range(skip, 0, MaxCommitsScanned, "skip");
        var revision = GitInputs.Ref(@ref);
        var filterPath = GitInputs.Path(path);
        var authorText = GitInputs.Text(author, "author");
        var from = GitInputs.Date(since, "since");
        var to = GitInputs.Date(until, "until");

        using var repository = Repositories(context).Open(repo);
        var start = GitInputs.ResolveCommit(repository, revision);
        var commits = new List<CommitSummary>(count);
        var matched = 0;
        var scanned = 0;
        bool? more = null;
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = start, SortBy = CommitSortStrategies.Time }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++scanned > MaxCommitsScanned)
            {
                break;
            }

            if ((authorText is not null && !commit.Author.Name.Contains(authorText, StringComparison.OrdinalIgnoreCase)
                    && !commit.Author.Email.Contains(authorText, StringComparison.OrdinalIgnoreCase))
                || (from is { } f && commit.Author.When < f)
                || (to is { } t && commit.Author.When > t)
                || (filterPath is not null && !Touches(commit, filterPath)))
            {
                continue;
            }

            if (matched++ < skip)
            {
                continue;
            }

            if (commits.Count == count)
            {
                more = true;
                break;
            }

            commits.Add(Summary(commit));
        }

        var result = new LogResult(repo, revision, start.Sha, [.. commits], more == true ? skip + count : null, scanned > MaxCommitsScanned);
        return Result(JsonSerializer.SerializeToElement(result, GitJsonContext.Default.LogResult));
    }

    [McpServerTool(Name = "git_show", Title = "Git show", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(ShowResult))]
    [Description("One commit of a configured repository: hash, parents, author, committer, full message, the changed files (status, "
        + "lines added and deleted) and the unified diff against its first parent, cut at 256 KiB (`diffTruncated` says so).")]
    public static CallToolResult Show(
        RequestContext<CallToolRequestParams> context,
        [Description("The repository's configured name (e.g. self).")] string repo,
        [Description("The commit: a hash, branch, tag or HEAD~N (default HEAD).")] string? @ref = null)
    {
        Log(context, "git_show", repo);
        var revision = GitInputs.Ref(@ref);
        using var repository = Repositories(context).Open(repo);
        var commit = GitInputs.ResolveCommit(repository, revision);
        var parent = commit.Parents.FirstOrDefault();
        using var patch = repository.Diff.Compare<Patch>(parent?.Tree, commit.Tree);
        var changes = Changes(patch);
        var result = new ShowResult(
            repo,
            commit.Sha,
            [.. commit.Parents.Select(p => p.Sha)],
            Person(commit.Author),
            Person(commit.Committer),
            commit.Message,
            changes.Files,
            changes.FilesTruncated,
            changes.Diff,
            changes.DiffBytes,
            changes.DiffTruncated);
        return Result(JsonSerializer.SerializeToElement(result, GitJsonContext.Default.ShowResult));
    }

    [McpServerTool(Name = "git_diff", Title = "Git diff", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(DiffResult))]
    [Description("The changes between two revisions of a configured repository (`from` → `to`, default HEAD), optionally only under "
        + "`path`: the changed files with their line counts and the unified diff, cut at 256 KiB (`diffTruncated` says so).")]
    public static CallToolResult Diff(
        RequestContext<CallToolRequestParams> context,
        [Description("The repository's configured name (e.g. self).")] string repo,
        [Description("The older revision: a hash, branch, tag or HEAD~N.")] string from,
        [Description("The newer revision (default HEAD).")] string? to = null,
        [Description("Only changes to this path (a file or folder, relative to the repository root).")] string? path = null)
    {
        Log(context, "git_diff", repo);
        var fromRevision = GitInputs.Ref(string.IsNullOrEmpty(from) ? throw new McpException("from is required.") : from, "from");
        var toRevision = GitInputs.Ref(to, "to");
        var filterPath = GitInputs.Path(path);
        using var repository = Repositories(context).Open(repo);
        var older = GitInputs.ResolveCommit(repository, fromRevision);
        var newer = GitInputs.ResolveCommit(repository, toRevision);
        using var patch = filterPath is null
            ? repository.Diff.Compare<Patch>(older.Tree, newer.Tree)
            : repository.Diff.Compare<Patch>(older.Tree, newer.Tree, [filterPath], new ExplicitPathsOptions { ShouldFailOnUnmatchedPath = false });
        var changes = Changes(patch, filterPath);
        var result = new DiffResult(repo, older.Sha, newer.Sha, changes.Files, changes.FilesTruncated, changes.Diff, changes.DiffBytes, changes.DiffTruncated);
        return Result(JsonSerializer.SerializeToElement(result, GitJsonContext.Default.DiffResult));
    }

    [McpServerTool(Name = "git_search", Title = "Git search", ReadOnly = true, Idempotent = true, Destructive = false, OpenWorld = false,
        UseStructuredContent = true, OutputSchemaType = typeof(SearchResult))]
    [Description("Searches a configured repository for literal text (not a pattern): in the files at `ref` (default HEAD; optionally only "
        + "under `path`; text files up to 1 MiB) and in the messages of the commits reachable from it. `scope`: content, messages or "
        + "both (default). Case-insensitive unless `case_sensitive`. At most `max_results` (1 to 500, default 50) of each kind; "
        + "`truncated` says when more exist.")]
    public static CallToolResult Search(
        RequestContext<CallToolRequestParams> context,
        [Description("The repository's configured name (e.g. self).")] string repo,
        [Description("The text to find (1 to 200 characters).")] string query,
        [Description("Where to search.")][AllowedValues("both", "content", "messages")] string scope = "both",
        [Description("The revision whose files and history are searched (default HEAD).")] string? @ref = null,
        [Description("Only files under this path.")] string? path = null,
        [Description("Match case exactly.")] bool case_sensitive = false,
        [Description("Most matches of each kind, 1 to 500.")][Range(1, 500)] int max_results = 50,
        CancellationToken cancellationToken = default)
    {
        Log(context, "git_search", repo);
        var text = GitInputs.Text(query, "query", required: true)!;
        if (scope is not ("both" or "content" or "messages"))
        {
            throw new McpException("scope must be both, content or messages.");
        }

        var limit = GitInputs.Range(max_results, 1, 500, "max_results");
        var revision = GitInputs.Ref(@ref);
        var under = GitInputs.Path(path);
        var comparison = case_sensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        using var repository = Repositories(context).Open(repo);
        var commit = GitInputs.ResolveCommit(repository, revision);

        var content = new List<ContentMatch>();
        var messages = new List<CommitSummary>();
        var truncated = false;
        var skippedFiles = 0;
        if (scope is "both" or "content")
        {
            var budget = MaxSearchBytes;
            var root = under is null ? commit.Tree : commit[under]?.Target as Tree;
            if (under is not null && root is null && commit[under]?.Target is Blob)
            {
                truncated |= SearchBlob((Blob)commit[under].Target, under, text, comparison, content, limit, ref budget, ref skippedFiles);
            }
            else if (root is not null)
            {
                truncated |= SearchTree(root, under is null ? "" : under + "/", text, comparison, content, limit, ref budget, ref skippedFiles);
            }
        }

        if (scope is "both" or "messages")
        {
            var scanned = 0;
            foreach (var c in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = commit, SortBy = CommitSortStrategies.Time }))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (++scanned > MaxCommitsScanned)
                {
                    truncated = true;
                    break;
                }

                if (c.Message.Contains(text, comparison))
                {
                    if (messages.Count == limit)
                    {
                        truncated = true;
                        break;
                    }

                    messages.Add(Summary(c));
                }
            }
        }

        var result = new SearchResult(repo, commit.Sha, text, [.. content], [.. messages], skippedFiles, truncated);
        return Result(JsonSerializer.SerializeToElement(result, GitJsonContext.Default.SearchResult));
    }

    [McpServerTool(Name = "git_list_refs", Title = "Git branches and tags", ReadOnly = true, Idempotent = true, Destructive = false,
        OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(RefsResult))]
    [Description("The branches (local and remote-tracking) and tags of a configured repository with the commits they point at, and "
        + "what HEAD is. At most 1000 of each; `truncated` says when more exist.")]
    public static CallToolResult ListRefs(
        RequestContext<CallToolRequestParams> context,
        [Description("The repository's configured name (e.g. self).")] string repo)
    {
        Log(context, "git_list_refs", repo);
        using var repository = Repositories(context).Open(repo);
        var branches = repository.Branches.OrderBy(b => b.CanonicalName, StringComparer.Ordinal)
            .Where(b => b.Tip is not null)
            .Select(b => new RefEntry(b.FriendlyName, b.Tip.Sha, b.IsRemote))
            .Take(MaxRefs + 1).ToList();
        var tags = repository.Tags.OrderBy(t => t.CanonicalName, StringComparer.Ordinal)
            .Select(t => new RefEntry(t.FriendlyName, (t.PeeledTarget as Commit)?.Sha ?? t.PeeledTarget.Sha, false))
            .Take(MaxRefs + 1).ToList();
        var truncated = branches.Count > MaxRefs || tags.Count > MaxRefs;
        var head = repository.Info.IsHeadUnborn ? null : repository.Head.Tip?.Sha;
        var result = new RefsResult(
            repo,
            repository.Info.IsHeadDetached ? null : repository.Head.FriendlyName,
            head,
            [.. branches.Take(MaxRefs)],
            [.. tags.Take(MaxRefs)],
            truncated);
        return Result(JsonSerializer.SerializeToElement(result, GitJsonContext.Default.RefsResult));
    }

    /// <summary>Whether <paramref name="commit"/> changed <paramref name="path"/> against its first parent (or added it, for a root commit).</summary>
    private static bool Touches(Commit commit, string path)
    {
        var entry = commit[path]?.Target.Id;
        var parent = commit.Parents.FirstOrDefault();
        var before = parent?[path]?.Target.Id;
        return entry != before;
    }

    private static bool SearchTree(Tree tree, string prefix, string text, StringComparison comparison, List<ContentMatch> matches, int limit,
        ref long budget, ref int skipped)
    {
        foreach (var entry in tree.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var truncated = entry.Target switch
            {
                Tree child => SearchTree(child, prefix + entry.Name + "/", text, comparison, matches, limit, ref budget, ref skipped),
                Blob blob => SearchBlob(blob, prefix + entry.Name, text, comparison, matches, limit, ref budget, ref skipped),
                _ => false,
            };
            if (truncated)
            {
                return true;
            }
        }

        return false;
    }

    private static bool SearchBlob(Blob blob, string path, string text, StringComparison comparison, List<ContentMatch> matches, int limit,
        ref long budget, ref int skipped)
    {
        if (blob.Size > MaxSearchFileBytes || blob.Size > budget || blob.IsBinary)
        {
            skipped++;
            return blob.Size > budget;
        }

        budget -= blob.Size;
        using var reader = new StreamReader(blob.GetContentStream(), Encoding.UTF8);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!line.Contains(text, comparison))
            {
                continue;
            }

            if (matches.Count == limit)
            {
                return true;
            }

            matches.Add(new ContentMatch(path, number, line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line));
        }

        return false;
    }

    private static (FileChange[] Files, bool FilesTruncated, string Diff, long DiffBytes, bool DiffTruncated) Changes(Patch patch, string? under = null)
    {
        var files = new List<FileChange>();
        var diff = new StringBuilder();
        long total = 0;
        var written = 0;
        var diffTruncated = false;
        foreach (var entry in patch)
        {
            if (under is not null && !(entry.Path == under || entry.Path.StartsWith(under + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            if (files.Count < MaxFiles + 1)
            {
                files.Add(new FileChange(entry.Path, entry.OldPath != entry.Path ? entry.OldPath : null,
                    entry.Status.ToString().ToLowerInvariant(), entry.LinesAdded, entry.LinesDeleted, entry.IsBinaryComparison));
            }

            var bytes = Encoding.UTF8.GetByteCount(entry.Patch);
            total += bytes;
            if (!diffTruncated && written + bytes <= MaxDiffBytes)
            {
                diff.Append(entry.Patch);
                written += bytes;
            }
            else
            {
                diffTruncated = true;
            }
        }

        return ([.. files.Take(MaxFiles)], files.Count > MaxFiles, diff.ToString(), total, diffTruncated);
    }

    private static CommitSummary Summary(Commit commit) => new(
        commit.Sha,
        commit.Sha[..12],
        commit.Author.Name,
        commit.Author.Email,
        commit.Author.When.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        commit.MessageShort);

    private static PersonInfo Person(Signature signature) =>
        new(signature.Name, signature.Email, signature.When.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));

    private static GitRepositories Repositories(RequestContext<CallToolRequestParams> context) =>
        context.Services?.GetService<GitRepositories>() ?? throw new McpException("The Git server is not configured.");

    private static CallToolResult Result(JsonElement structured) => new()
    {
        Content = [new TextContentBlock { Text = structured.GetRawText() }],
        StructuredContent = structured,
    };

    private static void Log(RequestContext<CallToolRequestParams> context, string tool, string? repo)
    {
        if (context.Services?.GetService<ILogger<GitServer.LogCategory>>() is { } logger)
        {
            GitLog.ToolCalled(logger, tool, repo ?? "-", ToolCaller.UserId(context.Services));
        }
    }
}
