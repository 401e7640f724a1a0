using System.Net;
using System.Text.Json;
using McpGateway.Tools.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tools.Tests.Calculator;

/// <summary>The Calculator server as a process: over HTTP behind the shared secret, and over stdio.</summary>
public sealed class CalculatorServerTests : IAsyncLifetime
{
    private const string Secret = "calculator-secret";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private DemoToolProcess _server = null!;

    public async Task InitializeAsync() =>
        _server = await DemoToolProcess.StartHttpAsync("Calculator", new Dictionary<string, string> { ["TOOL_GATEWAY_SHARED_SECRET"] = Secret });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Http_needs_the_shared_secret_and_serves_the_three_tools()
    {
        using var health = await _http.GetAsync(new Uri(_server.BaseAddress, "/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var refused = await _http.SendAsync(RawMcp.Post(_server.McpEndpoint, RawMcp.Initialize()));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await _server.ConnectHttpAsync(
            new Dictionary<string, string> { ["X-Gateway-Auth"] = Secret, ["X-User-ID"] = "alice-calc" }, cts.Token);
        Assert.Equal("calculator", client.ServerInfo?.Name);
        await AssertContractAsync(client, cts.Token);
        await _server.WaitForOutputAsync("exact_calculate called for user alice-calc", HelloClients.Timeout);
    }

    [Fact]
    public async Task Stdio_serves_the_same_tools()
    {
        using var cts = new CancellationTokenSource(HelloClients.Timeout);
        await using var client = await DemoToolProcess.ConnectStdioAsync("Calculator", cancellationToken: cts.Token);
        await AssertContractAsync(client, cts.Token);
    }

    private static async Task AssertContractAsync(McpClient client, CancellationToken ct)
    {
        var tools = await client.ListToolsAsync(cancellationToken: ct);
        Assert.Equal(["calculate_statistics", "convert_units", "exact_calculate"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t =>
        {
            Assert.NotNull(t.ProtocolTool.OutputSchema);
            Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint);
        });
        var convert = tools.Single(t => t.Name == "convert_units").ProtocolTool.InputSchema;
        var units = convert.GetProperty("properties").GetProperty("from").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("km/h", units);
        Assert.Contains("MiB", units);
        var operators = tools.Single(t => t.Name == "exact_calculate").ProtocolTool.InputSchema
            .GetProperty("properties").GetProperty("operator").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["add", "subtract", "multiply", "divide", "power", "sqrt", "mod", "abs", "round"], operators);

        var seed = await client.CallToolAsync("exact_calculate",
            new Dictionary<string, object?> { ["operator"] = "add", ["operands"] = new[] { "1.2", "2.3" }, ["precision"] = 28 }, cancellationToken: ct);
        Assert.NotEqual(true, seed.IsError);
        Assert.Equal("3.5", Assert.IsType<TextContentBlock>(Assert.Single(seed.Content)).Text);
        Assert.Equal("3.5", seed.StructuredContent?.GetProperty("result").GetString());
        Assert.True(seed.StructuredContent?.GetProperty("exact").GetBoolean());
        Assert.Equal("half_even", seed.StructuredContent?.GetProperty("rounding").GetString());

        var stats = await client.CallToolAsync("calculate_statistics",
            new Dictionary<string, object?> { ["values"] = new[] { "1", "2", "3", "4" }, ["percentiles"] = new[] { "50" } }, cancellationToken: ct);
        Assert.NotEqual(true, stats.IsError);
        Assert.Equal("2.5", stats.StructuredContent?.GetProperty("mean").GetString());
        Assert.Equal("2.5", stats.StructuredContent?.GetProperty("percentiles")[0].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.String, stats.StructuredContent?.GetProperty("stddevSample").ValueKind);

        var converted = await client.CallToolAsync("convert_units",
            new Dictionary<string, object?> { ["value"] = "100", ["from"] = "C", ["to"] = "F" }, cancellationToken: ct);
        Assert.Equal("212 F", Assert.IsType<TextContentBlock>(Assert.Single(converted.Content)).Text);

        var byZero = await client.CallToolAsync("exact_calculate",
            new Dictionary<string, object?> { ["operator"] = "divide", ["operands"] = new[] { "1", "0" } }, cancellationToken: ct);
        Assert.True(byZero.IsError);
        Assert.Contains("Division by zero", Assert.IsType<TextContentBlock>(Assert.Single(byZero.Content)).Text, StringComparison.Ordinal);

        var mixed = await client.CallToolAsync("convert_units",
            new Dictionary<string, object?> { ["value"] = "1", ["from"] = "kg", ["to"] = "m" }, cancellationToken: ct);
        Assert.True(mixed.IsError);
    }
}
