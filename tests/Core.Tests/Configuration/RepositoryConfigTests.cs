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
        var hello = Assert.Single(result.Config!.Backends);
        Assert.Equal("hello", hello.Name);
        Assert.Equal(BackendTransport.Stdio, hello.Transport);
        Assert.Equal(["dotnet", Path.Combine(AppContext.BaseDirectory, "Hello.dll"), "--stdio"], hello.Command);
        Assert.Equal(100, hello.Tools["echo"].RateLimitPerMinute);
        Assert.Equal(RiskLevel.Low, hello.Tools["sum"].Risk);
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
