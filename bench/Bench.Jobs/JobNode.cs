using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Jobs;
using McpGateway.Core.Policy;
using McpGateway.Edge.Hosting;
using McpGateway.Tests.Common;
using McpGateway.Tests.Common.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Bench.Jobs;

/// <summary>
/// A gateway node on PostgreSQL hosted in this process exactly as <c>mcpgw serve</c> builds it
/// (<see cref="GatewayApp.Build"/>: its silo from src/Silo with grain storage, reminders and clustering on the database,
/// the job grains and runners, the read model), with one backend: the Hello demo over stdio. The bench submits through
/// the node's <see cref="IJobGrains"/>, the way the pipeline's job step does, and hears the job grains' changes from the
/// node's <see cref="JobChanges"/>.
/// </summary>
internal sealed class JobNode : IAsyncDisposable
{
    /// <summary>The tool the jobs call.</summary>
    public const string Tool = "hello.echo";

    /// <summary>What the node runs with besides the tests' defaults (NodeEnvironment), said in the report.</summary>
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LOG_LEVEL"] = "Error",
        ["GATEWAY_NODE_ID"] = "bench",

        // The throughput phases keep thousands of jobs queued with a start far ahead; at the default 10 s every one of
        // their reminders would check on its job (a read-model query each) during the later phases. A submit registers
        // the same reminder row whatever its period.
        ["GATEWAY_JOB_CHECK_SECONDS"] = "3600",
        ["GATEWAY_JOB_MAX_ACTIVE_PER_USER"] = "1000000",
        ["GATEWAY_JOB_MAX_STORED_PER_USER"] = "10000000",
    };

    private readonly WebApplication _app;
    private readonly TempFolder _folder;

    private JobNode(WebApplication app, TempFolder folder, GatewayOptions options)
    {
        _app = app;
        _folder = folder;
        Options = options;
    }

    public GatewayOptions Options { get; }

    public IJobGrains Grains => _app.Services.GetRequiredService<IJobGrains>();

    /// <summary>The node's jobs read model (the job grains write it).</summary>
    public IJobStore ReadModel => _app.Services.GetRequiredService<IJobStore>();

    public JobChanges Changes => _app.Services.GetRequiredService<JobChanges>();

    public JobSettings JobSettings => _app.Services.GetRequiredService<JobSettings>();

    public static async Task<JobNode> StartAsync(string databaseUrl)
    {
        var folder = new TempFolder("mcpgw-bench-jobs");
        try
        {
            folder.Write("config/tools.yaml", """
                backends:
                  - name: hello
                    transport: stdio
                    command: [dotnet, "${APP_DIR}/Hello.dll", --stdio]
                    discovery_timeout_seconds: 60

                """);
            folder.Write("config/policy.yaml", "roles:\n  admin:\n    tools: [\"*\"]\n");
            var settings = Settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("DATABASE_URL", databaseUrl));
            var environment = NodeEnvironment.Build(settings, testDefaults: true);
            var (options, errors) = GatewayOptionsReader.Read(
                ["--urls", $"http://127.0.0.1:{FreePort.Next()}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")],
                name => environment.TryGetValue(name, out var value) ? value : null);
            Check(errors);
            var tools = ToolsConfigLoader.Load(options.ToolsFile, new ConfigContext { AppDirectory = AppContext.BaseDirectory });
            Check(tools.Errors.Select(e => e.ToString()).ToList());
            var (policy, policyErrors) = RolePolicyLoader.Load(options.PolicyFile);
            Check(policyErrors.Select(e => e.ToString()).ToList());

            // Hosting's start-up lines (Information) would mix with the report on stdout.
            var app = await GatewayStart.StartAsync(options, o => GatewayApp.Build(o, tools.Config!, policy!, configureServices: s => s.AddLogging(l => l.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning))));
            var node = new JobNode(app, folder, options);
            using var discovered = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await app.Services.GetRequiredService<ICatalogue>().WaitForToolAsync(Tool, discovered.Token);
            return node;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private static void Check(IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The bench node's configuration is invalid: " + string.Join("; ", errors));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _folder.Dispose();
    }
}
