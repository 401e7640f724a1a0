using static McpGateway.Core.Tests.Configuration.ConfigTestHelper;

namespace McpGateway.Core.Tests.Configuration;

public sealed class ToolsConfigLoaderErrorTests
{
    [Fact]
    public void Parse_UnknownTransport_ReportsAllowedValuesAtTheValue()
    {
        var error = SingleError("""
            backends:
              - name: a
                transport: stdio
                command: [a]
              - name: b
                transport: htp
                url: http://127.0.0.1:1/mcp
            """);

        Assert.Equal($"{SourcePath}:6:16: backends[1].transport: 'htp' is not one of streamable-http, sse, stdio, jsonrpc, grpc", error.ToString());
    }

    [Fact]
    public void Parse_MisspelledTransport_SuggestsTheClosest()
    {
        var error = SingleError("""
            backends:
              - name: a
                transport: streamable_http
                url: http://127.0.0.1:1/mcp
            """);

        AssertError(error, 3, 16, "(did you mean 'streamable-http'?)");
    }

    [Fact]
    public void Parse_SyntaxError_ReportsItsPosition()
    {
        var error = SingleError("""
            backends:
              - name: a
                transport: 'stdio
            """);

        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_BrokenFlowList_ReportsAnErrorInsteadOfThrowing()
    {
        var error = SingleError("""
            backends:
              - name: a
                command: [dotnet
                transport: stdio
            """);

        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 3, 4);
    }

    [Fact]
    public void Parse_EmptyKeyAtColumnOne_ReportsInvalidYamlInsteadOfThrowing()
    {
        // YamlDotNet emits a key without a value here (unbalanced events) rather than throwing; found by fuzzing.
        var error = SingleError("backends:\n  - name: a\n: #x\n");

        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKey_ReportsItWithSuggestion()
    {
        var result = Parse("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                timeout_secs: 3
                tools:
                  echo:
                    risc: low
                    colour: red
            """);

        Assert.Equal(3, result.Errors.Count);
        AssertError(result.Errors[0], 5, 5, "backends[0].timeout_secs: unknown key (did you mean 'timeout_seconds'?)");
        AssertError(result.Errors[1], 8, 9, "backends[0].tools.echo.risc: unknown key (did you mean 'risk'?)");
        AssertError(result.Errors[2], 9, 9, "backends[0].tools.echo.colour: unknown key");
        Assert.DoesNotContain("did you mean", result.Errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownTopLevelKey_IsAnError()
    {
        AssertError(SingleError("backend:\n  - name: a\n"), 1, 1, "backend: unknown key (did you mean 'backends'?)");
    }

    [Theory]
    [InlineData("prefix: yes", "backends[0].prefix: expected true or false, got 'yes'")]
    [InlineData("active: 1", "backends[0].active: expected true or false, got '1'")]
    [InlineData("timeout_seconds: abc", "backends[0].timeout_seconds: expected a number, got 'abc'")]
    [InlineData("timeout_seconds: \"30\"", "backends[0].timeout_seconds: expected a number, got the quoted string '30'")]
    [InlineData("timeout_seconds: [30]", "backends[0].timeout_seconds: expected a number, got a list")]
    [InlineData("scope: {a: b}", "backends[0].scope: expected a string, got a mapping")]
    [InlineData("tools: [echo]", "backends[0].tools: expected a mapping of tool name to settings, got a list")]
    [InlineData("tools: {echo: fast}", "backends[0].tools.echo: expected the tool's settings (a mapping), got 'fast'")]
    [InlineData("tools: {echo: {max_concurrency: 1.5}}", "backends[0].tools.echo.max_concurrency: expected a whole number, got '1.5'")]
    [InlineData("env: [A=1]", "backends[0].env: expected a mapping of name to value, got a list")]
    public void Parse_WrongType_ReportsExpectedAndFound(string line, string message)
    {
        var error = SingleError($"""
            backends:
              - name: a
                transport: stdio
                command: [a]
                {line}
            """);

        Assert.Equal(message, error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Parse_BackendsNotAList_IsAnError()
    {
        AssertError(SingleError("backends:\n  name: a\n"), 2, 3, "backends: expected a list of backends");
    }

    [Fact]
    public void Parse_RootNotAMapping_IsAnError()
    {
        AssertError(SingleError("- name: a\n"), 1, 1, "expected a mapping with the key 'backends', got a list");
    }

    [Fact]
    public void Parse_MissingName_ReportedAtTheBackend()
    {
        AssertError(SingleError("""
            backends:
              - transport: stdio
                command: [a]
            """), 2, 5, "backends[0]: missing required key 'name'");
    }

    [Fact]
    public void Parse_EmptyTransport_ReportedAtTheKey()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport:
            """), 3, 5, "backends[0].transport: a value is required");
    }

    [Theory]
    [InlineData("streamable-http")]
    [InlineData("sse")]
    [InlineData("jsonrpc")]
    public void Parse_HttpTransportWithoutUrl_IsAnError(string transport)
    {
        AssertError(SingleError($"""
            backends:
              - name: a
                transport: {transport}
            """), 2, 5, "backends[0]: missing required key 'url'");
    }

    [Fact]
    public void Parse_StdioWithoutCommand_IsAnError()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport: stdio
            """), 2, 5, "backends[0]: missing required key 'command'");
    }

    [Fact]
    public void Parse_CommandAsShellString_AsksForAList()
    {
        var error = SingleError("""
            backends:
              - name: a
                transport: stdio
                command: dotnet Hello.dll --stdio
            """);

        AssertError(error, 4, 14, "must be an argument vector, not a single shell string");
        Assert.Contains("[dotnet, Hello.dll, --stdio]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("command: []", 4, 14, "backends[0].command: must name at least the program to run")]
    [InlineData("command: ['', x]", 4, 15, "backends[0].command[0]: the program must not be empty")]
    [InlineData("command: [a, [b]]", 4, 18, "backends[0].command[1]: expected a string, got a list")]
    public void Parse_BadCommand_IsAnError(string line, int row, int column, string message)
    {
        var error = SingleError($"""
            backends:
              - name: a
                transport: stdio
                {line}
            """);

        AssertError(error, row, column, message);
    }

    [Theory]
    [InlineData("ftp://example.com/mcp")]
    [InlineData("/mcp")]
    [InlineData("not a url")]
    [InlineData("http://")]
    public void Parse_BadUrl_IsAnError(string url)
    {
        AssertError(SingleError($"""
            backends:
              - name: a
                transport: sse
                url: "{url}"
            """), 4, 10, $"backends[0].url: '{url}' is not an absolute http:// or https:// URL");
    }

    [Fact]
    public void Parse_KeysOfTheOtherTransportKind_AreErrors()
    {
        var result = Parse("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                url: http://127.0.0.1:1/mcp
                headers: {X-A: b}
              - name: b
                transport: streamable-http
                url: http://127.0.0.1:1/mcp
                command: [a]
                env: {A: b}
                working_directory: /tmp
            """);

        Assert.Equal(
            [(5, "backends[0].url: not used with transport stdio"), (6, "backends[0].headers: not used with transport stdio"),
             (10, "backends[1].command: only used with transport stdio"), (11, "backends[1].env: only used with transport stdio"),
             (12, "backends[1].working_directory: only used with transport stdio")],
            result.Errors.Select(e => (e.Line, e.Message.Split(" (")[0])));
    }

    [Fact]
    public void Parse_DuplicateBackendNames_IgnoringCase_AreErrors()
    {
        var result = Parse("""
            backends:
              - name: hello
                transport: stdio
                command: [a]
              - name: Hello
                transport: stdio
                command: [a]
            """);

        Assert.Equal(2, result.Errors.Count);
        AssertError(result.Errors[0], 5, 11, "backends[1].name: 'Hello' is not a valid backend name");
        AssertError(result.Errors[1], 5, 11, "backends[1].name: duplicate backend name 'Hello' (first declared at line 2)");
    }

    [Theory]
    [InlineData("name: Hello World", "backends[0].name: 'Hello World' is not a valid backend name")]
    [InlineData("name: -a", "backends[0].name: '-a' is not a valid backend name")]
    [InlineData("name: a.b", "backends[0].name: 'a.b' is not a valid backend name")]
    [InlineData("name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "is not a valid backend name")]
    public void Parse_BadName_IsAnError(string line, string message)
    {
        AssertError(SingleError($"""
            backends:
              - {line}
                transport: stdio
                command: [a]
            """), 2, 11, message);
    }

    [Theory]
    [InlineData("scope: My_Scope", "backends[0].scope: 'My_Scope' is not a valid scope")]
    [InlineData("scope: admin", "backends[0].scope: 'admin' is reserved for the gateway's own endpoints")]
    public void Parse_BadScope_IsAnError(string line, string message)
    {
        AssertError(SingleError($"""
            backends:
              - name: a
                transport: stdio
                command: [a]
                {line}
            """), 5, 12, message);
    }

    [Theory]
    [InlineData("timeout_seconds: 0")]
    [InlineData("timeout_seconds: -1")]
    [InlineData("timeout_seconds: 3601")]
    [InlineData("discovery_timeout_seconds: 0")]
    public void Parse_TimeoutOutOfRange_IsAnError(string line)
    {
        var error = SingleError($"""
            backends:
              - name: a
                transport: stdio
                command: [a]
                {line}
            """);

        Assert.Contains("must be greater than 0 and at most 3600 (seconds)", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Theory]
    [InlineData("rate_limit_per_minute: 0", "backends[0].tools.echo.rate_limit_per_minute: must be greater than 0, got 0")]
    [InlineData("max_concurrency: -2", "backends[0].tools.echo.max_concurrency: must be greater than 0, got -2")]
    [InlineData("timeout_seconds: 7200", "backends[0].tools.echo.timeout_seconds: must be greater than 0 and at most 3600 (seconds), got 7200")]
    [InlineData("risk: extreme", "backends[0].tools.echo.risk: 'extreme' is not one of low, medium, high")]
    [InlineData("risk: hihg", "backends[0].tools.echo.risk: 'hihg' is not one of low, medium, high (did you mean 'high'?)")]
    public void Parse_BadToolSetting_IsAnError(string line, string message)
    {
        var error = SingleError($"""
            backends:
              - name: a
                transport: stdio
                command: [a]
                tools:
                  echo:
                    {line}
            """);

        Assert.Equal(message, error.Message);
        Assert.Equal(7, error.Line);
    }

    [Fact]
    public void Parse_BadToolName_IsAnError()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                tools:
                  "echo it": {risk: low}
            """), 6, 7, "backends[0].tools.echo it: not a valid tool name");
    }

    [Fact]
    public void Parse_UnknownProtocolVersion_IsAnError()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                protocol_version: 2025-01-01
            """), 5, 23, "backends[0].protocol_version: '2025-01-01' is not one of 2024-11-05");
    }

    [Fact]
    public void Parse_UnknownSchemaValidationMode_IsAnError()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                schema_validation: strict
            """), 5, 24, "backends[0].schema_validation: 'strict' is not one of enforce, warn, off");
    }

    [Theory]
    [InlineData("X-Gateway-Auth: s", "this header is set by the gateway itself")]
    [InlineData("mcp-session-id: s", "this header is set by the gateway itself")]
    [InlineData("\"Bad Header\": s", "not a valid HTTP header name")]
    public void Parse_BadHeader_IsAnError(string line, string message)
    {
        AssertError(SingleError($"""
            backends:
              - name: a
                transport: streamable-http
                url: http://127.0.0.1:1/mcp
                headers:
                  {line}
            """), 6, 7, message);
    }

    [Fact]
    public void Parse_HeadersDifferingOnlyInCase_AreDuplicates()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport: streamable-http
                url: http://127.0.0.1:1/mcp
                headers:
                  X-Api-Key: a
                  x-api-key: b
            """), 7, 7, "backends[0].headers.x-api-key: duplicate name");
    }

    [Fact]
    public void Parse_BadEnvironmentVariableName_IsAnError()
    {
        AssertError(SingleError("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                env:
                  1BAD: x
            """), 6, 7, "backends[0].env.1BAD: not a valid environment variable name");
    }

    [Fact]
    public void Parse_DuplicateYamlKeys_AreReportedAndTheRestStillChecked()
    {
        var result = Parse("""
            backends:
              - name: a
                transport: stdio
                command: [a]
                transport: sse
                tools:
                  echo: {risk: low}
                  echo: {risk: high}
                prefix: maybe
            """);

        Assert.Equal(3, result.Errors.Count);
        AssertError(result.Errors[0], 5, 5, "backends[0].transport: duplicate key (first defined at line 3)");
        AssertError(result.Errors[1], 8, 7, "backends[0].tools.echo: duplicate key (first defined at line 7)");
        AssertError(result.Errors[2], 9, 13, "backends[0].prefix: expected true or false");
    }

    [Fact]
    public void Parse_SeveralDocuments_IsAnError()
    {
        AssertError(SingleError("backends: []\n---\nbackends: []\n"), 3, 1, "only one YAML document is allowed");
    }

    [Fact]
    public void Parse_ManyErrors_ReportsEveryOneInFileOrder()
    {
        var result = Parse("""
            backends:
              - name: Bad Name
                transport: htp
                timeout_seconds: 0
              - name: web
                transport: streamable-http
                url: ftp://x
                tools:
                  t1:
                    risk: severe
                    rate_limit_per_minute: 0
              - name: web
                transport: stdio
                command: "dotnet x.dll"
                colour: blue
              - just a string
            """);

        Assert.Equal(
            [2, 3, 4, 7, 10, 11, 12, 14, 15, 16],
            result.Errors.Select(e => e.Line));
        Assert.All(result.Errors, e => Assert.StartsWith("backends[", e.Message, StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("duplicate backend name 'web' (first declared at line 5)", StringComparison.Ordinal));
    }
}
