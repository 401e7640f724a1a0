using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace McpGateway.Dashboard.Tests;

/// <summary>
/// The operator dashboard in a real browser (headless Debian chromium driven by Playwright) against a real gateway
/// process: what it shows, what it does, and that it shows nothing to anyone but an admin.
/// </summary>
public sealed class DashboardPageTests(DashboardGateway fixture, ITestOutputHelper output) : IClassFixture<DashboardGateway>
{
    /// <summary>How long the page may take to show a change (it polls every second; a busy machine is slow).</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };

    [Fact]
    public async Task ShowsTheNodeTheBackendsAndTools_AndACallArrivesInTheAuditList()
    {
        var page = await fixture.OpenAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.ReloadAsync();
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#panels")).ToBeHiddenAsync();

        await DashboardGateway.SignInAsync(page, await fixture.TokenAsync("operator-1", "admin"));

        await Expect(page.Locator("#nodes tbody tr .status").First).ToHaveTextAsync("alive", Soon);
        await Expect(page.Locator("#nodes tbody tr").First).ToContainTextAsync(fixture.Gateway.BaseAddress.ToString().TrimEnd('/'));
        await Expect(page.Locator("#backends tbody tr[data-name='hello'] .state")).ToHaveTextAsync("healthy", Soon);
        await Expect(page.Locator("#backends tbody tr[data-name='hello']")).ToContainTextAsync("streamable", new() { IgnoreCase = true });
        await Expect(page.Locator("#tools tbody tr[data-tool='hello.echo']")).ToBeVisibleAsync();
        await Expect(page.Locator("#config")).ToContainTextAsync("config sha256:");

        // A call through the gateway, by a user of its own: the audit list, filtered by that user, shows it.
        var caller = "caller-" + Guid.NewGuid().ToString("N")[..8];
        var (status, _) = await fixture.InvokeAsync(await fixture.TokenAsync(caller, "developer"), "hello.echo", new JsonObject { ["message"] = "hi" });
        Assert.Equal(200, status);
        await page.Locator("#filter-user").FillAsync(caller);
        var row = page.Locator("#audit tbody tr[data-name='hello.echo']");
        await Expect(row).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(row).ToContainTextAsync(caller);
        await Expect(row.Locator(".outcome")).ToHaveTextAsync("success");
        await Expect(page.Locator("#backends tbody tr[data-name='hello'] td.num").First).Not.ToHaveTextAsync("0", new() { Timeout = 15_000 });

        // Nothing the page asked for left the gateway's origin.
        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.StartsWith(fixture.Gateway.BaseAddress.ToString(), url, StringComparison.Ordinal));

        await page.Locator("#filter-user").FillAsync("");
        await Expect(page.Locator("#audit tbody tr").First).Not.ToHaveClassAsync("empty", new() { Timeout = 15_000 });
        Directory.CreateDirectory(DashboardGateway.Artefacts);
        var screenshot = Path.Combine(DashboardGateway.Artefacts, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot of the dashboard: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AHeldHighRiskCall_ApprovedFromThePage_IsReleasedToItsCaller()
    {
        var requester = "requester-" + Guid.NewGuid().ToString("N")[..8];
        var token = await fixture.TokenAsync(requester, "developer");
        var arguments = new JsonObject { ["numbers"] = new JsonArray(2, 3.5) };
        var (held, body) = await fixture.InvokeAsync(token, "hello.sum", arguments);
        Assert.Equal(428, held);
        var approvalId = body["error"]!["data"]!["approvalId"]!.GetValue<string>();

        var page = await fixture.OpenAsync();
        await DashboardGateway.SignInAsync(page, await fixture.TokenAsync("operator-2", "admin"));
        var row = page.Locator($"#approvals tbody tr[data-id='{approvalId}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(row).ToContainTextAsync("hello.sum");
        await Expect(row).ToContainTextAsync(requester);
        await Expect(row).ToContainTextAsync("high");

        await row.Locator("input.reason").FillAsync("numbers checked");
        await row.Locator("button.approve").ClickAsync();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(page.Locator("#message")).ToContainTextAsync("approved");

        // The caller repeats the call naming the approval: it runs and answers the result.
        var (released, result) = await fixture.InvokeAsync(token, "hello.sum", arguments, approvalId);
        Assert.Equal(200, released);
        Assert.Equal(5.5m, result["structuredContent"]!["sum"]!.GetValue<decimal>());

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway.BaseAddress, $"/admin/approvals/{approvalId}"));
        request.Headers.Authorization = new("Bearer", await fixture.TokenAsync("auditor", "admin"));
        using var response = await fixture.Http.SendAsync(request);
        var approval = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("used", approval["status"]!.GetValue<string>());
        Assert.Equal("operator-2", approval["decided_by"]!.GetValue<string>());
        Assert.Equal("numbers checked", approval["reason"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ABackendThatStartsFailing_ShowsItsBreakerOpen()
    {
        var page = await fixture.OpenAsync();

        // Signed in from the development issuer, as an operator on the development run may.
        await page.Locator("#dev-issuer summary").ClickAsync();
        await page.Locator("#issuer-token").FillAsync(DashboardGateway.IssuerToken);
        await page.Locator("#issuer-user").FillAsync("operator-3");
        await page.Locator("#issuer-form button[type=submit]").ClickAsync();
        var flaky = page.Locator("#backends tbody tr[data-name='flaky']");
        await Expect(flaky.Locator(".state")).ToHaveTextAsync("healthy", Soon);

        var token = await fixture.TokenAsync("load", "developer");
        var (ok, _) = await fixture.InvokeAsync(token, "flaky.work", []);
        Assert.Equal(200, ok);
        await Expect(flaky.Locator(".breaker")).ToHaveTextAsync("closed", Soon);

        fixture.Flaky.Failing = true;
        for (var i = 0; i < 2; i++)
        {
            var (failed, _) = await fixture.InvokeAsync(token, "flaky.work", []);
            Assert.NotEqual(200, failed);
        }

        await Expect(flaky.Locator(".breaker")).ToHaveTextAsync("open", new() { Timeout = 5_000 });
        await Expect(page.Locator("#tools tbody tr[data-tool='flaky.work'] .breaker")).ToHaveTextAsync("open", Soon);
        var (refused, refusal) = await fixture.InvokeAsync(token, "flaky.work", []);
        Assert.NotEqual(200, refused);
        await Expect(page.Locator("#refusals tbody")).ToContainTextAsync("circuit_open", new() { Timeout = 15_000 });
        output.WriteLine(refusal.ToJsonString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdmin_CancelsAnotherUsersRunningJob_FromThePage()
    {
        var tag = Guid.NewGuid().ToString("N");
        var owner = "owner-" + tag[..8];
        var token = await fixture.TokenAsync(owner, "developer");
        var (accepted, job) = await fixture.InvokeAsync(token, "slow.wait", new JsonObject { ["tag"] = tag }, async: true);
        Assert.Equal(202, accepted);
        var id = job["job_id"]!.GetValue<string>();
        await fixture.Slow.WaitForAsync(tag, "running");

        var page = await fixture.OpenAsync();
        await DashboardGateway.SignInAsync(page, await fixture.TokenAsync("operator-4", "admin"));
        var row = page.Locator($"#jobs tbody tr[data-id='{id}']");
        await Expect(row).ToContainTextAsync("running", new() { Timeout = 15_000 });
        await Expect(row).ToContainTextAsync(owner);
        await row.Locator("button.cancel").ClickAsync();

        await Expect(page.Locator("#message")).ToContainTextAsync("cancelled", new() { Timeout = 15_000 });
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await fixture.Slow.WaitForAsync(tag, "cancelled");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway.BaseAddress, "/jobs/" + id));
        request.Headers.Authorization = new("Bearer", token);
        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal("cancelled", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());

        // The cancel is in the audit list, as the admin's.
        await page.Locator("#filter-user").FillAsync("operator-4");
        var cancel = page.Locator("#audit tbody tr[data-name='slow.wait']").Filter(new() { HasText = "jobs/cancel" });
        await Expect(cancel).ToContainTextAsync("operator-4", new() { Timeout = 15_000 });
        await Expect(cancel.Locator(".outcome")).ToHaveTextAsync("success");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACallerWithoutTheAdminRole_SeesARefusal_AndNoData()
    {
        var page = await fixture.OpenAsync();
        var answers = new List<(string Url, int Status)>();
        page.Response += (_, response) => answers.Add((response.Url, response.Status));

        await DashboardGateway.SignInAsync(page, await fixture.TokenAsync("dev-1", "developer", "viewer"));
        await Expect(page.Locator("#refusal")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("#refusal-text")).ToContainTextAsync("admin role");
        await Expect(page.Locator("#panels")).ToBeHiddenAsync();
        await Expect(page.Locator("#panels tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#config")).ToHaveTextAsync("");

        var admin = answers.Where(a => new Uri(a.Url).AbsolutePath.StartsWith("/admin/", StringComparison.Ordinal)).ToList();
        // Before signing in the page's requests carry no token (401); with the token, 403: never an answer with data.
        Assert.Contains(admin, a => a.Status == 403);
        Assert.All(admin, a => Assert.Contains(a.Status, new[] { 401, 403 }));

        // A token the gateway does not accept: refused too (401), still no data.
        await page.Locator("#refusal-sign-in").ClickAsync();
        await DashboardGateway.SignInAsync(page, "not-a-token");
        await Expect(page.Locator("#refusal-text")).ToContainTextAsync("401", new() { Timeout = 15_000 });
        await Expect(page.Locator("#panels tbody tr")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
