using McpGateway.Core.Configuration;

namespace McpGateway.Core.Tests.Configuration;

public sealed class ToolsConfigLoaderTests
{
    [Fact]
    public void Parse_FullExample_ReadsEveryKey()
    {
        var config = ConfigTestHelper.ParseValid("""
            backends:
              - name: hello
                scope: demo
                transport: stdio
                command: [dotnet, "${APP_DIR}/Hello.dll", --stdio]
                env:
                  GREETING: hi
                  PORT: 9101
                working_directory: work
                prefix: false
                timeout_seconds: 12.5
                discovery_timeout_seconds: 1
                active: false
                protocol_version: 2025-06-18
                schema_validation: warn
                tools:
                  echo:
                    rate_limit_per_minute: 100
                    max_concurrency: 4
                    risk: medium
                    long_running: true
                    idempotent: true
                    active: false
                    timeout_seconds: 5
                  sum:
              - name: web
                transport: streamable-http
                url: https://tools.example.com/mcp
                headers:
                  X-Api-Key: abc
            """);

        Assert.Equal(2, config.Backends.Count);
        var hello = config.Backends[0];
        Assert.Equal("hello", hello.Name);
        Assert.Equal("demo", hello.Scope);
        Assert.Equal(BackendTransport.Stdio, hello.Transport);
        Assert.Null(hello.Url);
        Assert.Equal(["dotnet", "/opt/mcpgw/Hello.dll", "--stdio"], hello.Command);
        Assert.Equal("hi", hello.Env["GREETING"]);
        Assert.Equal("9101", hello.Env["PORT"]);
        Assert.Equal(Path.Combine(ConfigTestHelper.ConfigDir, "work"), hello.WorkingDirectory);
        Assert.False(hello.Prefix);
        Assert.Equal(12.5, hello.TimeoutSeconds);
        Assert.Equal(1, hello.DiscoveryTimeoutSeconds);
        Assert.False(hello.Active);
        Assert.Equal("2025-06-18", hello.ProtocolVersion);
        Assert.Equal(SchemaValidationMode.Warn, hello.SchemaValidation);
        Assert.Equal(SchemaValidationMode.Enforce, config.Backends[1].SchemaValidation);
        Assert.Equal(2, hello.Line);
        Assert.Equal(
            new ToolSettings
            {
                RateLimitPerMinute = 100,
                MaxConcurrency = 4,
                Risk = RiskLevel.Medium,
                LongRunning = true,
                Idempotent = true,
                Active = false,
                TimeoutSeconds = 5,
            },
            hello.Tools["echo"]);
        Assert.Equal(ToolSettings.Default, hello.Tools["sum"]);

        var web = config.Backends[1];
        Assert.Equal(BackendTransport.StreamableHttp, web.Transport);
        Assert.Equal(new Uri("https://tools.example.com/mcp"), web.Url);
        Assert.Null(web.Command);
        Assert.Equal("abc", web.Headers["x-api-key"]);
        Assert.Equal(26, web.Line);
    }

    [Fact]
    public void Parse_MinimalBackend_AppliesDefaults()
    {
        var backend = Assert.Single(ConfigTestHelper.ParseValid("""
            backends:
              - name: calc
                transport: jsonrpc
                url: http://127.0.0.1:9102/mcp
            """).Backends);

        Assert.Equal("calc", backend.Scope);
        Assert.True(backend.Prefix);
        Assert.True(backend.Active);
        Assert.Equal(30, backend.TimeoutSeconds);
        Assert.Equal(2.5, backend.DiscoveryTimeoutSeconds);
        Assert.Null(backend.ProtocolVersion);
        Assert.Empty(backend.Tools);
        Assert.Empty(backend.Headers);
        Assert.Empty(backend.Env);
        Assert.Null(backend.WorkingDirectory);
    }

    [Theory]
    [InlineData("streamable-http", BackendTransport.StreamableHttp)]
    [InlineData("sse", BackendTransport.Sse)]
    [InlineData("jsonrpc", BackendTransport.JsonRpc)]
    public void Parse_HttpTransports_AreRecognised(string written, BackendTransport expected)
    {
        var backend = Assert.Single(ConfigTestHelper.ParseValid($"""
            backends:
              - name: b
                transport: {written}
                url: http://127.0.0.1:9101/x
            """).Backends);

        Assert.Equal(expected, backend.Transport);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("backends:\n")]
    [InlineData("backends: []\n")]
    [InlineData("~\n")]
    public void Parse_NoBackends_IsValidAndEmpty(string yaml)
    {
        var config = ConfigTestHelper.ParseValid(yaml);

        Assert.Empty(config.Backends);
    }

    [Fact]
    public void Parse_Always_SetsFullSourcePathAndContentDigest()
    {
        const string yaml = "backends: []\n";
        var first = ConfigTestHelper.ParseValid(yaml);
        var changed = ConfigTestHelper.ParseValid(yaml + "# comment\n");

        Assert.Equal(ConfigTestHelper.SourcePath, first.SourcePath);
        Assert.Matches("^[0-9a-f]{64}$", first.ContentDigest);
        Assert.Equal(first.ContentDigest, ConfigTestHelper.ParseValid(yaml).ContentDigest);
        Assert.NotEqual(first.ContentDigest, changed.ContentDigest);
    }

    [Fact]
    public void Load_MissingFile_ReportsFileError()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("n"), "tools.yaml");

        var result = ToolsConfigLoader.Load(path, ConfigTestHelper.Context());

        var error = Assert.Single(result.Errors);
        Assert.False(result.IsValid);
        Assert.Equal(0, error.Line);
        Assert.Equal($"{path}: file not found", error.ToString());
    }

    [Fact]
    public void Load_File_UsesItsFolderForConfigDir()
    {
        var folder = Directory.CreateTempSubdirectory("mcpgw-config-");
        try
        {
            var path = Path.Combine(folder.FullName, "tools.yaml");
            File.WriteAllText(path, """
                backends:
                  - name: hello
                    transport: stdio
                    command: ["${CONFIG_DIR}/run.sh"]
                """);

            var result = ToolsConfigLoader.Load(path, ConfigTestHelper.Context());

            Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
            Assert.Equal($"{folder.FullName}/run.sh", Assert.Single(result.Config!.Backends).Command![0]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ConfigError_ToString_IsCompilerStyle()
    {
        var error = new ConfigError("tools.yaml", 12, 5, "backends[1].transport: 'htp' is not one of streamable-http, sse, stdio, jsonrpc");

        Assert.Equal("tools.yaml:12:5: backends[1].transport: 'htp' is not one of streamable-http, sse, stdio, jsonrpc", error.ToString());
    }
}
