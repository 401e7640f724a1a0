using McpGateway.Core.Configuration;

namespace McpGateway.Core.Tests.Configuration;

/// <summary>The example files shipped in <c>config/</c> must stay valid.</summary>
public sealed class RepositoryConfigTests
{
    [Fact]
    public void Load_RepositoryToolsYaml_HasNoErrors()
    {
        var path = Path.Combine(RepositoryRoot(), "config", ToolsConfigLoader.FileName);

        var result = ToolsConfigLoader.Load(path, ConfigContext.ForCurrentProcess());

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(["hello", "calculator", "git", "docs"], result.Config!.Backends.Select(b => b.Name));
        var hello = result.Config.Backends[0];
        Assert.Equal("hello", hello.Name);
        Assert.Equal(BackendTransport.Stdio, hello.Transport);
        Assert.Equal(["dotnet", Path.Combine(AppContext.BaseDirectory, "Hello.dll"), "--stdio"], hello.Command);
        Assert.Equal(100, hello.Tools["echo"].RateLimitPerMinute);
        Assert.Equal(RiskLevel.Low, hello.Tools["sum"].Risk);

        // The demo tools: each on its own scope, names unprefixed, built next to the gateway.
        foreach (var (name, dll) in new[] { ("calculator", "Calculator.dll"), ("git", "Git.dll"), ("docs", "Docs.dll") })
        {
            var backend = result.Config.Backends.Single(b => b.Name == name);
            Assert.Equal(name, backend.Scope);
            Assert.False(backend.Prefix);
            Assert.Equal(BackendTransport.Stdio, backend.Transport);
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, dll), backend.Command![1]);
        }

        var git = result.Config.Backends.Single(b => b.Name == "git");
        Assert.Equal($"--Git:Repositories:self={Path.Combine(RepositoryRoot(), "config")}/..", git.Command![^1]);
        Assert.Equal(RiskLevel.High, git.Tools["git_search"].Risk);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "McpGateway.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No McpGateway.sln above {AppContext.BaseDirectory}");
    }
}
