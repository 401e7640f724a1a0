using static McpGateway.Core.Tests.Configuration.ConfigTestHelper;

namespace McpGateway.Core.Tests.Configuration;

public sealed class PlaceholderTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["HELLO_URL"] = "http://127.0.0.1:9101/mcp",
        ["API_KEY"] = "s3cret",
        ["EMPTY"] = string.Empty,
    };

    [Fact]
    public void Parse_Placeholders_ExpandInCommandEnvAndWorkingDirectory()
    {
        var backend = Assert.Single(ParseValid("""
            backends:
              - name: a
                transport: stdio
                command: [dotnet, "${APP_DIR}/Hello.dll", "--config=${CONFIG_DIR}/x.json", "${ENV:API_KEY}"]
                env:
                  KEY: "${ENV:API_KEY}"
                  BLANK: "${ENV:EMPTY}"
                working_directory: "${APP_DIR}/work"
            """, Environment).Backends);

        Assert.Equal(["dotnet", "/opt/mcpgw/Hello.dll", $"--config={ConfigDir}/x.json", "s3cret"], backend.Command);
        Assert.Equal("s3cret", backend.Env["KEY"]);
        Assert.Equal(string.Empty, backend.Env["BLANK"]);
        Assert.Equal("/opt/mcpgw/work", backend.WorkingDirectory);
    }

    [Fact]
    public void Parse_Placeholders_ExpandInUrlAndHeaders()
    {
        var backend = Assert.Single(ParseValid("""
            backends:
              - name: a
                transport: streamable-http
                url: "${ENV:HELLO_URL}"
                headers:
                  X-Api-Key: "Key ${ENV:API_KEY}"
            """, Environment).Backends);

        Assert.Equal(new Uri("http://127.0.0.1:9101/mcp"), backend.Url);
        Assert.Equal("Key s3cret", backend.Headers["X-Api-Key"]);
    }

    [Fact]
    public void Parse_DoubledDollar_KeepsALiteralPlaceholder()
    {
        var backend = Assert.Single(ParseValid("""
            backends:
              - name: a
                transport: stdio
                command: [sh-free, "$${HOME}", "a$b"]
            """).Backends);

        Assert.Equal(["sh-free", "${HOME}", "a$b"], backend.Command);
    }

    [Fact]
    public void Parse_AppDirWithTrailingSeparator_DoesNotDoubleIt()
    {
        var context = Context() with { AppDirectory = "/opt/mcpgw/" };

        var result = McpGateway.Core.Configuration.ToolsConfigLoader.Parse("""
            backends:
              - name: a
                transport: stdio
                command: ["${APP_DIR}/Hello.dll"]
            """, SourcePath, context);

        Assert.Equal("/opt/mcpgw/Hello.dll", Assert.Single(result.Config!.Backends).Command![0]);
    }

    [Fact]
    public void Parse_PlaceholderErrors_AreAllReportedWithoutExpandedValues()
    {
        var result = Parse("""
            backends:
              - name: a
                transport: stdio
                command: ["${ENV:MISSING}", "${HOME}", "${ENV:}", "${APP_DIR"]
              - name: b
                transport: sse
                url: "http://user:${ENV:API_KEY}@/sse"
            """, Environment);

        Assert.Equal(
            [
                "backends[0].command[0]: environment variable 'MISSING' is not set (used as '${ENV:MISSING}')",
                "backends[0].command[1]: unknown placeholder '${HOME}': use ${APP_DIR}, ${CONFIG_DIR} or ${ENV:NAME}",
                "backends[0].command[2]: '${ENV:}' does not name an environment variable",
                "backends[0].command[3]: unterminated placeholder '${APP_DIR': close it with '}'",
                "backends[1].url: 'http://user:${ENV:API_KEY}@/sse' is not an absolute http:// or https:// URL",
            ],
            result.Errors.Select(e => e.Message));
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("s3cret", StringComparison.Ordinal));
    }
}
