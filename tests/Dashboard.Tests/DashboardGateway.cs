using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Edge.Tests.Infrastructure;
using McpGateway.Tests.Common.Gateway;
using Microsoft.Playwright;

namespace McpGateway.Dashboard.Tests;

/// <summary>
/// One real gateway process for the browser tests (JWT mode in Development, so tokens come from its development issuer)
/// with two backends: the Hello demo over Streamable HTTP (a real process; <c>hello.sum</c> is high risk, so held for
/// approval) and <c>flaky</c> (<see cref="GuardedBackend"/>, whose calls a test can make fail; its breaker opens after two
/// failures in a row). Headless Chromium from Debian (<c>chromium</c>) is driven by Playwright; no browser is downloaded.
/// </summary>
public sealed class DashboardGateway : IAsyncLifetime
{
    public const string IssuerToken = "dashboard-test-issuer-token";

    private readonly TempFolder _folder = new("mcpgw-dashboard");
    private BackendProcess? _hello;
    private IPlaywright? _playwright;

    public GatewayProcess Gateway { get; private set; } = null!;

    public GuardedBackend Flaky { get; private set; } = null!;

    /// <summary><c>slow.wait</c>: its calls (jobs) run until the test releases their tag.</summary>
    public JobBackend Slow { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public Uri DashboardUrl => new(Gateway.BaseAddress, "/dashboard");

    /// <summary>Where the screenshots are kept (printed by the tests that take them).</summary>
    public static string Artefacts { get; } = Path.Combine(RepoPaths.Root, "tests", "Dashboard.Tests", "TestResults");

    public async Task InitializeAsync()
    {
        _hello = await BackendProcess.StartAsync(BackendProcess.Hello);
        Flaky = await GuardedBackend.StartAsync();
        Slow = await JobBackend.StartAsync();
        _folder.Write("config/tools.yaml", $"""
            backends:
              - name: hello
                transport: streamable-http
                url: {_hello.McpEndpoint}
                discovery_timeout_seconds: 20
                tools:
                  echo: {"{"} risk: low {"}"}
                  sum: {"{"} risk: high {"}"}
              - name: flaky
                transport: streamable-http
                url: {Flaky.Endpoint}
                circuit_breaker: {"{"} consecutive_failures: 2, break_seconds: 600 {"}"}
            {Slow.Yaml()}
            """);
        _folder.Write("config/policy.yaml", """
            roles:
              admin: { tools: ["*"] }
              developer: { tools: ["*"] }
            risk: { low: allow, medium: allow, high: approve }

            """);
        Directory.CreateDirectory(Path.Combine(_folder.Path, "data"));
        Gateway = await GatewayProcess.StartAsync(new GatewayNodeSpec
        {
            ConfigDirectory = Path.Combine(_folder.Path, "config"),
            DataDirectory = Path.Combine(_folder.Path, "data"),
            Settings = new Dictionary<string, string?>
            {
                ["GATEWAY_AUTH_MODE"] = "jwt",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["JWT_ISSUER_ADMIN_TOKEN"] = IssuerToken,
            },
        });

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A token from the gateway's development issuer.</summary>
    public async Task<string> TokenAsync(string userId, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway.BaseAddress, "/token"))
        {
            Content = JsonContent.Create(new JsonObject { ["user_id"] = userId, ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]) }),
        };
        request.Headers.Add("X-Issuer-Token", IssuerToken);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
    }

    /// <summary><c>POST /mcp/invoke</c> as the holder of <paramref name="token"/>: the status and the JSON answered.</summary>
    public async Task<(int Status, JsonObject Body)> InvokeAsync(string token, string tool, JsonObject arguments, string? approvalId = null, bool async = false)
    {
        var body = new JsonObject { ["tool_name"] = tool, ["arguments"] = arguments.DeepClone() };
        if (async)
        {
            body["async"] = true;
        }

        if (approvalId is not null)
        {
            body["approval_id"] = approvalId;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Gateway.BaseAddress, "/mcp/invoke")) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    /// <summary>A fresh browser tab (its own session storage) at 1280 px, on the dashboard.</summary>
    public async Task<IPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(DashboardUrl.ToString());
        return page;
    }

    /// <summary>Signs the page in by pasting <paramref name="token"/>, as an operator does.</summary>
    public static async Task SignInAsync(IPage page, string token)
    {
        await page.Locator("#token").FillAsync(token);
        await page.Locator("#token-form button[type=submit]").ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Flaky is not null)
        {
            await Flaky.DisposeAsync();
        }

        if (Slow is not null)
        {
            await Slow.DisposeAsync();
        }

        if (_hello is not null)
        {
            await _hello.DisposeAsync();
        }

        Http.Dispose();
        _folder.Dispose();
    }

    /// <summary>Debian's chromium (installed by scripts/test.sh when missing); CHROMIUM_PATH overrides.</summary>
    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"No chromium at {path}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH");
    }
}
