using LibGit2Sharp;
using McpGateway.Tests.Common;

namespace McpGateway.Tools.Tests.Git;

/// <summary>
/// A small repository the Git tests create: three commits by two authors on fixed dates, a tag and a branch, and beside
/// it (outside the repository) a file no tool may reach.
/// </summary>
public sealed class DemoRepository : IDisposable
{
    public const string OutsideSecret = "TOP-SECRET-OUTSIDE-THE-REPOSITORY";

    private readonly TempFolder _folder = new("mcpgw-git");

    public DemoRepository()
    {
        Path = System.IO.Path.Combine(_folder.Path, "demo");
        _folder.Write("outside.txt", OutsideSecret + "\n");
        Repository.Init(Path);
        using var repository = new Repository(Path);

        First = Commit(repository, "Initial commit\n\nCreates the readme and the app.", Alice, "2024-01-01T10:00:00+00:00",
            ("README.md", "# Demo\n\nhello world\n"), ("src/app.txt", "alpha\n"));
        Second = Commit(repository, "Add beta and the guide", Bob, "2024-02-01T10:00:00+00:00",
            ("src/app.txt", "alpha\nbeta\n"), ("docs/guide.md", "Guide: the needle is here.\n"));
        repository.ApplyTag("v1.0", Second);
        Third = Commit(repository, "Fix typo in guide (needle)", Alice, "2024-03-01T10:00:00+00:00",
            ("docs/guide.md", "Guide: the needle is right here.\nSecond line.\n"));
        repository.CreateBranch("feature", First);
    }

    public static (string Name, string Email) Alice => ("Alice Example", "alice@example.com");

    public static (string Name, string Email) Bob => ("Bob Builder", "bob@example.com");

    /// <summary>The repository's working folder.</summary>
    public string Path { get; }

    /// <summary>The folder holding the repository and <c>outside.txt</c>.</summary>
    public string Parent => _folder.Path;

    public string First { get; }

    public string Second { get; }

    public string Third { get; }

    /// <summary>Every file under the parent folder with its size and write time: proof that nothing was written.</summary>
    public string Snapshot() => string.Join("\n", Directory.EnumerateFiles(Parent, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}"));

    private string Commit(Repository repository, string message, (string Name, string Email) who, string when, params (string Path, string Content)[] files)
    {
        foreach (var (path, content) in files)
        {
            var full = System.IO.Path.Combine(Path, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            Commands.Stage(repository, path);
        }

        var signature = new Signature(who.Name, who.Email, DateTimeOffset.Parse(when, System.Globalization.CultureInfo.InvariantCulture));
        return repository.Commit(message, signature, signature).Sha;
    }

    public void Dispose() => _folder.Dispose();
}
