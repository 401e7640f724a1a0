using System.Text.Json.Nodes;
using McpGateway.Core.Policy.Constraints;
using McpGateway.Tests.Common;

namespace McpGateway.Core.Tests.Policy.Constraints;

/// <summary>Paths against a real folder tree with symbolic links that escape, loop, chain and dangle.</summary>
public sealed class PathCheckTests : IDisposable
{
    private readonly TempFolder _folder = new("mcpgw-paths");
    private readonly string _root;
    private readonly string _outside;
    private readonly PathCheck _check;

    public PathCheckTests()
    {
        _root = Path.Combine(_folder.Path, "root");
        _outside = Path.Combine(_folder.Path, "outside");
        _folder.Write("root/a.txt", "a");
        _folder.Write("root/sub/b.txt", "b");
        _folder.Write("outside/secret", "s");
        _folder.Write("root-evil/x", "x");
        Link("root/escape", _outside);                        // absolute target outside
        Link("root/rel-escape", "../outside");                // relative target outside
        Link("root/sub/deep-escape", "../../outside/secret");
        Link("root/inner", Path.Combine(_root, "sub"));       // stays inside
        Link("root/rel-inner", "sub");
        Link("root/chain", Path.Combine(_root, "escape"));    // a link to a link that escapes
        Link("root/loop1", Path.Combine(_root, "loop2"));
        Link("root/loop2", Path.Combine(_root, "loop1"));
        Link("root/dangling", Path.Combine(_outside, "new-file"));
        Link("root/to-root", "/");
        Link("root-link", _root);                             // the configured root is itself a link
        _check = new PathCheck([Path.Combine(_folder.Path, "root-link")], FileSystemLinkReader.Instance);
    }

    public void Dispose() => _folder.Dispose();

    private void Link(string at, string target) => File.CreateSymbolicLink(Path.Combine(_folder.Path, at), target);

    private CheckFailure? Check(string path) => _check.Check(JsonValue.Create(path.Replace("{root}", _root, StringComparison.Ordinal).Replace("{tmp}", _folder.Path, StringComparison.Ordinal)));

    [Theory]
    [InlineData("{root}/a.txt")]
    [InlineData("{root}")]
    [InlineData("{root}/")]
    [InlineData("{root}//a.txt")]
    [InlineData("{root}/./a.txt")]
    [InlineData("{root}/sub/b.txt")]
    [InlineData("{root}/inner/b.txt")]
    [InlineData("{root}/rel-inner/b.txt")]
    [InlineData("{root}/new-folder/new-file.txt")]
    [InlineData("{tmp}/root-link/a.txt")]
    [InlineData("{tmp}/root/a.txt")]                         // the configured root's real path
    public void PathInsideTheRoot_Passes(string path) => Assert.Null(Check(path));

    [Theory]
    [InlineData("{root}/escape/secret", "outside-roots")]
    [InlineData("{root}/escape", "outside-roots")]
    [InlineData("{root}/rel-escape/secret", "outside-roots")]
    [InlineData("{root}/sub/deep-escape", "outside-roots")]
    [InlineData("{root}/inner/deep-escape", "outside-roots")]
    [InlineData("{root}/chain/secret", "outside-roots")]
    [InlineData("{root}/dangling", "outside-roots")]
    [InlineData("{root}/to-root/etc/passwd", "outside-roots")]
    [InlineData("{root}/loop1/x", "symlink-loop")]
    [InlineData("{tmp}/root-evil/x", "outside-roots")]        // shares the root's name as a prefix
    [InlineData("/etc/passwd", "outside-roots")]
    [InlineData("//etc/passwd", "outside-roots")]
    [InlineData("/", "outside-roots")]
    [InlineData("{root}/../outside/secret", "traversal")]
    [InlineData("{root}/sub/../../outside", "traversal")]
    [InlineData("{root}/..", "traversal")]
    [InlineData("{root}/%2e%2e/outside", "encoded-characters")]
    [InlineData("{root}/%2E%2E%2Foutside", "encoded-characters")]
    [InlineData("{root}/a%00.txt", "encoded-characters")]
    [InlineData("{root}\\..\\outside", "invalid-characters")]
    [InlineData("{root}/a\0.txt", "invalid-characters")]
    [InlineData("{root}/a\n/../x", "invalid-characters")]
    [InlineData("a.txt", "relative")]
    [InlineData("./a.txt", "relative")]
    [InlineData("~/a.txt", "relative")]
    [InlineData("../outside/secret", "relative")]
    [InlineData("file:///etc/passwd", "relative")]
    [InlineData("", "invalid")]
    public void HostilePath_IsRefused_NamingTheReason(string path, string reason) => Assert.Equal(reason, Check(path)?.Reason);

    [Fact]
    public void NonStringsAndHugePaths_AreRefused()
    {
        Assert.Equal("not-a-string", _check.Check(JsonValue.Create(1))?.Reason);
        Assert.Equal("not-a-string", _check.Check(null)?.Reason);
        Assert.Equal("not-a-string", _check.Check(new JsonObject())?.Reason);
        Assert.Equal("invalid", _check.Check(JsonValue.Create("/" + new string('a', PathCheck.MaxLength)))?.Reason);
    }

    [Fact]
    public void RealPath_FollowsEveryLink_AndKeepsMissingComponents()
    {
        Assert.Equal(Path.Combine(_outside, "secret"), RealPath.Resolve(_root + "/chain/secret", FileSystemLinkReader.Instance));
        Assert.Equal(_root + "/sub/x/y", RealPath.Resolve(_root + "/./inner//x/y", FileSystemLinkReader.Instance));
        Assert.Null(RealPath.Resolve(_root + "/loop2", FileSystemLinkReader.Instance));
    }
}
