using System.Net;
using System.Text.Json;
using McpGateway.Tools.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Tests.Git;

/// <summary>The read-only Git server over stdio and HTTP against a repository the test creates.</summary>
public sealed class GitServerTests(GitServerTests.Fixture fixture) : IClassFixture<GitServerTests.Fixture>
{
    /// <summary>One repository and one stdio server for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public DemoRepository Repo { get; } = new();

        public McpClient Client { get; private set; } = null!;

        public CancellationTokenSource Cts { get; } = new(TimeSpan.FromMinutes(5));

        public async Task InitializeAsync() =>
            Client = await DemoToolProcess.ConnectStdioAsync("Git", [$"--Git:Repositories:demo={Repo.Path}"], Cts.Token);

        public async Task DisposeAsync()
        {
            await Client.DisposeAsync();
            Cts.Dispose();
            Repo.Dispose();
        }
    }

    private DemoRepository Repo => fixture.Repo;

    private McpClient Client => fixture.Client;

    private CancellationToken Token => fixture.Cts.Token;

    private async Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await Client.CallToolAsync(tool, arguments, cancellationToken: Token);
        Assert.True(result.IsError != true, $"{tool} failed: {(result.Content.FirstOrDefault() as TextContentBlock)?.Text}");
        return result.StructuredContent!.Value;
    }

    private async Task<string> ErrorAsync(string tool, Dictionary<string, object?> arguments)
    {
        var result = await Client.CallToolAsync(tool, arguments, cancellationToken: Token);
        Assert.True(result.IsError, $"{tool} {JsonSerializer.Serialize(arguments)} was not refused");
        return Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
    }

    private static string[] Shas(JsonElement commits) => [.. commits.EnumerateArray().Select(c => c.GetProperty("sha").GetString()!)];

    [Fact]
    public async Task Lists_exactly_the_five_read_only_tools()
    {
        var tools = await Client.ListToolsAsync(cancellationToken: Token);
        Assert.Equal(["git_diff", "git_list_refs", "git_log", "git_search", "git_show"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t =>
        {
            Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint);
            Assert.False(t.ProtocolTool.Annotations?.DestructiveHint);
            Assert.NotNull(t.ProtocolTool.OutputSchema);
        });
    }

    [Fact]
    public async Task Log_pages_and_filters_the_history()
    {
        var all = await CallAsync("git_log", new() { ["repo"] = "demo" });
        Assert.Equal([Repo.Third, Repo.Second, Repo.First], Shas(all.GetProperty("commits")));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextSkip").ValueKind);
        var newest = all.GetProperty("commits")[0];
        Assert.Equal("Alice Example", newest.GetProperty("author").GetString());
        Assert.Equal("Fix typo in guide (needle)", newest.GetProperty("subject").GetString());
        Assert.Equal("2024-03-01T10:00:00+00:00", newest.GetProperty("date").GetString());

        var page1 = await CallAsync("git_log", new() { ["repo"] = "demo", ["max_count"] = 2 });
        Assert.Equal([Repo.Third, Repo.Second], Shas(page1.GetProperty("commits")));
        Assert.Equal(2, page1.GetProperty("nextSkip").GetInt32());
        var page2 = await CallAsync("git_log", new() { ["repo"] = "demo", ["max_count"] = 2, ["skip"] = 2 });
        Assert.Equal([Repo.First], Shas(page2.GetProperty("commits")));
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("nextSkip").ValueKind);

        Assert.Equal([Repo.Third, Repo.Second], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["path"] = "docs" })).GetProperty("commits")));
        Assert.Equal([Repo.Second, Repo.First], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["path"] = "src/app.txt" })).GetProperty("commits")));
        Assert.Equal([Repo.Second], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["author"] = "BOB" })).GetProperty("commits")));
        Assert.Equal([Repo.Third, Repo.First], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["author"] = "alice@example" })).GetProperty("commits")));
        Assert.Equal([Repo.Second], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["since"] = "2024-01-15", ["until"] = "2024-02-15" })).GetProperty("commits")));
        Assert.Equal([Repo.First], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["ref"] = "feature" })).GetProperty("commits")));
        Assert.Equal([Repo.Second, Repo.First], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["ref"] = "v1.0" })).GetProperty("commits")));
        Assert.Equal([Repo.First], Shas((await CallAsync("git_log", new() { ["repo"] = "demo", ["ref"] = "HEAD~2" })).GetProperty("commits")));
    }

    [Fact]
    public async Task Show_and_diff_give_files_and_the_patch()
    {
        var show = await CallAsync("git_show", new() { ["repo"] = "demo", ["ref"] = Repo.Second[..10] });
        Assert.Equal(Repo.Second, show.GetProperty("sha").GetString());
        Assert.Equal([Repo.First], show.GetProperty("parents").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Bob Builder", show.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("Add beta and the guide\n", show.GetProperty("message").GetString());
        var files = show.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f);
        Assert.Equal("added", files["docs/guide.md"].GetProperty("status").GetString());
        Assert.Equal("modified", files["src/app.txt"].GetProperty("status").GetString());
        Assert.Equal(1, files["src/app.txt"].GetProperty("additions").GetInt32());
        var patch = show.GetProperty("diff").GetString()!;
        Assert.Contains("+beta", patch, StringComparison.Ordinal);
        Assert.Contains("+++ b/docs/guide.md", patch, StringComparison.Ordinal);
        Assert.False(show.GetProperty("diffTruncated").GetBoolean());

        var root = await CallAsync("git_show", new() { ["repo"] = "demo", ["ref"] = Repo.First });
        Assert.Empty(root.GetProperty("parents").EnumerateArray());
        Assert.Equal(2, root.GetProperty("files").GetArrayLength());

        var diff = await CallAsync("git_diff", new() { ["repo"] = "demo", ["from"] = "v1.0", ["to"] = "HEAD" });
        Assert.Equal(Repo.Second, diff.GetProperty("from").GetString());
        Assert.Equal(Repo.Third, diff.GetProperty("to").GetString());
        var changed = Assert.Single(diff.GetProperty("files").EnumerateArray());
        Assert.Equal("docs/guide.md", changed.GetProperty("path").GetString());
        Assert.Contains("-Guide: the needle is here.", diff.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.Contains("+Second line.", diff.GetProperty("diff").GetString(), StringComparison.Ordinal);

        var scoped = await CallAsync("git_diff", new() { ["repo"] = "demo", ["from"] = Repo.First, ["path"] = "src" });
        Assert.Equal(["src/app.txt"], scoped.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.DoesNotContain("guide", scoped.GetProperty("diff").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_text_and_commit_messages()
    {
        var both = await CallAsync("git_search", new() { ["repo"] = "demo", ["query"] = "NEEDLE" });
        var match = Assert.Single(both.GetProperty("contentMatches").EnumerateArray());
        Assert.Equal("docs/guide.md", match.GetProperty("path").GetString());
        Assert.Equal(1, match.GetProperty("line").GetInt32());
        Assert.Equal("Guide: the needle is right here.", match.GetProperty("text").GetString());
        Assert.Equal([Repo.Third], Shas(both.GetProperty("messageMatches")));

        var old = await CallAsync("git_search", new() { ["repo"] = "demo", ["query"] = "needle is here", ["ref"] = "v1.0", ["scope"] = "content" });
        Assert.Single(old.GetProperty("contentMatches").EnumerateArray());
        Assert.Empty(old.GetProperty("messageMatches").EnumerateArray());

        var caseSensitive = await CallAsync("git_search", new() { ["repo"] = "demo", ["query"] = "NEEDLE", ["case_sensitive"] = true });
        Assert.Empty(caseSensitive.GetProperty("contentMatches").EnumerateArray());

        var messages = await CallAsync("git_search", new() { ["repo"] = "demo", ["query"] = "readme", ["scope"] = "messages" });
        Assert.Equal([Repo.First], Shas(messages.GetProperty("messageMatches")));

        var limited = await CallAsync("git_search", new() { ["repo"] = "demo", ["query"] = "a", ["scope"] = "content", ["max_results"] = 1 });
        Assert.Single(limited.GetProperty("contentMatches").EnumerateArray());
        Assert.True(limited.GetProperty("truncated").GetBoolean());

        var outside = await CallAsync("git_search", new() { ["repo"] = "demo", ["query"] = DemoRepository.OutsideSecret });
        Assert.Empty(outside.GetProperty("contentMatches").EnumerateArray());
    }

    [Fact]
    public async Task List_refs_gives_branches_tags_and_head()
    {
        var refs = await CallAsync("git_list_refs", new() { ["repo"] = "demo" });
        Assert.Equal(Repo.Third, refs.GetProperty("headSha").GetString());
        var branches = refs.GetProperty("branches").EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!, b => b.GetProperty("sha").GetString());
        Assert.Equal(Repo.First, branches["feature"]);
        Assert.Equal(Repo.Third, branches[refs.GetProperty("head").GetString()!]);
        var tag = Assert.Single(refs.GetProperty("tags").EnumerateArray());
        Assert.Equal("v1.0", tag.GetProperty("name").GetString());
        Assert.Equal(Repo.Second, tag.GetProperty("sha").GetString());
    }

    [Theory]
    [InlineData("repo", "../demo")]
    [InlineData("repo", "/tmp")]
    [InlineData("repo", "other")]
    [InlineData("repo", "-demo")]
    [InlineData("repo", "demo/..")]
    [InlineData("ref", "--output=/tmp/mcpgw-git-escape")]
    [InlineData("ref", "-n")]
    [InlineData("ref", "../../etc/passwd")]
    [InlineData("ref", "/etc/passwd")]
    [InlineData("ref", "HEAD:../outside.txt")]
    [InlineData("ref", "feature..HEAD")]
    [InlineData("ref", "@{-1}")]
    [InlineData("ref", "refs/heads/../../outside.txt")]
    [InlineData("ref", "HEAD\n--output=x")]
    [InlineData("ref", "no-such-branch")]
    [InlineData("path", "../outside.txt")]
    [InlineData("path", "/etc/passwd")]
    [InlineData("path", "docs/../../outside.txt")]
    [InlineData("path", "./README.md")]
    [InlineData("path", ".git/config")]
    [InlineData("path", ":(top)README.md")]
    [InlineData("path", "--output=/tmp/mcpgw-git-escape")]
    [InlineData("path", "docs\\..\\..\\outside.txt")]
    public async Task Every_escape_attempt_is_refused_and_nothing_is_written(string argument, string value)
    {
        var before = Repo.Snapshot();
        foreach (var (tool, arguments) in new (string, Dictionary<string, object?>)[]
        {
            ("git_log", new() { ["repo"] = "demo" }),
            ("git_show", new() { ["repo"] = "demo" }),
            ("git_diff", new() { ["repo"] = "demo", ["from"] = Repo.First }),
            ("git_search", new() { ["repo"] = "demo", ["query"] = "e" }),
        })
        {
            if (argument == "path" && tool == "git_show")
            {
                continue;
            }

            // git_diff names its revisions from and to.
            arguments[argument == "ref" && tool == "git_diff" ? "to" : argument] = value;
            var message = await ErrorAsync(tool, arguments);
            Assert.DoesNotContain(DemoRepository.OutsideSecret, message, StringComparison.Ordinal);
        }

        if (argument == "repo")
        {
            await ErrorAsync("git_list_refs", new() { ["repo"] = value });
        }
        else if (argument == "ref")
        {
            await ErrorAsync("git_diff", new() { ["repo"] = "demo", ["from"] = value });
        }

        Assert.False(File.Exists("/tmp/mcpgw-git-escape"));
        Assert.Equal(before, Repo.Snapshot());
    }

    [Fact]
    public async Task Over_http_the_shared_secret_is_required()
    {
        await using var server = await DemoToolProcess.StartHttpAsync("Git",
            new Dictionary<string, string> { ["TOOL_GATEWAY_SHARED_SECRET"] = "git-secret" }, $"--Git:Repositories:demo={Repo.Path}");
        using var http = new HttpClient();
        using var refused = await http.SendAsync(RawMcp.Post(server.McpEndpoint, RawMcp.Initialize()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var client = await server.ConnectHttpAsync(
            new Dictionary<string, string> { ["X-Gateway-Auth"] = "git-secret", ["X-User-ID"] = "bob-git" }, Token);
        var log = await client.CallToolAsync("git_log", new Dictionary<string, object?> { ["repo"] = "demo", ["max_count"] = 1 }, cancellationToken: Token);
        Assert.NotEqual(true, log.IsError);
        Assert.Equal(Repo.Third, log.StructuredContent?.GetProperty("commits")[0].GetProperty("sha").GetString());
        await server.WaitForOutputAsync("git_log on demo called for user bob-git", TimeSpan.FromSeconds(30));
    }
}
