using McpGateway.Core.Catalogue;
using McpGateway.Core.Configuration;
using McpGateway.Core.Policy;
using McpGateway.Edge.Hosting;
using McpGateway.Tests.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using McpGateway.Tests.Common.Gateway;

namespace McpGateway.Edge.Tests.Infrastructure;

/// <summary>
/// A real gateway node in this process on a free loopback port, with its own config and data folders.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly bool _ownsFolder;

    private GatewayHost(WebApplication app, TempFolder folder, bool ownsFolder, Uri baseAddress)
    {
        _app = app;
        _ownsFolder = ownsFolder;
        Folder = folder;
        BaseAddress = baseAddress;
    }

    public TempFolder Folder { get; }

    public Uri BaseAddress { get; }

    public Uri McpEndpoint => new(BaseAddress, "/mcp");

    public Uri ScopedEndpoint(string scope) => new(BaseAddress, $"/{scope}/mcp");

    public IServiceProvider Services => _app.Services;

    /// <summary>The YAML of a backend entry serving the Hello demo over stdio.</summary>
    public static string HelloStdio(string name = "hello", string? scope = null, string extra = "") => $"""
          - name: {name}
            scope: {scope ?? name}
            transport: stdio
            command: [dotnet, "${"{"}APP_DIR{"}"}/Hello.dll", --stdio]
            discovery_timeout_seconds: 20
        {extra}
        """;

    /// <summary>The YAML of a backend entry serving the npm reference server <c>@modelcontextprotocol/server-everything</c> over stdio.</summary>
    public static string Everything(string name = "everything") => $"""
          - name: {name}
            transport: stdio
            command: [node, "{Path.Combine(RepoPaths.NodeModules, "@modelcontextprotocol", "server-everything", "dist", "index.js")}", stdio]
            discovery_timeout_seconds: 15

        """;

    /// <summary>
    /// The role policy of tests that are not about authorization: the roles they use (<c>admin</c>, the anonymous
    /// callers' default; <c>developer</c> and <c>viewer</c> of the token tests) may use everything. Authorization tests
    /// pass their own.
    /// </summary>
    public const string AdminPolicy = """
        roles:
          admin: &all
            tools: ["*"]
            prompts: ["*"]
            resources: ["*"]
          developer: *all
          viewer: *all

        """;

    /// <summary>
    /// Starts a node; a given <paramref name="folder"/> (config and data) outlives it, else a new one is removed with it.
    /// The role policy is <see cref="AdminPolicy"/> unless <paramref name="policyYaml"/> is given. With
    /// <paramref name="databaseUrl"/> (e.g. <c>PostgresTestDatabase.Url</c>) the node runs on PostgreSQL, else embedded,
    /// its silo on a port of the test kit's (<see cref="NodeEnvironment"/>), or, given <paramref name="siloPorts"/>, on the
    /// loopback ports it picks as the node would with <c>GATEWAY_SILO_PORT</c> unset (see <see cref="GatewayStart"/>).
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        string backendsYaml,
        IReadOnlyDictionary<string, string>? environment = null,
        TempFolder? folder = null,
        Action<IServiceCollection>? services = null,
        string? policyYaml = null,
        string? databaseUrl = null,
        Func<int>? siloPorts = null)
    {
        var ownsFolder = folder is null;
        folder ??= new TempFolder();
        folder.Write("config/tools.yaml", "backends:\n" + backendsYaml);
        folder.Write("config/policy.yaml", policyYaml ?? AdminPolicy);
        var port = FreePort.Next();
        // The environment every test node gets (auth mode none, limits no test trips, job tools off; see
        // NodeEnvironment), under the test's own settings.
        var settings = (environment ?? new Dictionary<string, string>()).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value));
        settings = databaseUrl is null ? settings : settings.Append(new("DATABASE_URL", databaseUrl));

        // Picked ports are the embedded engine's own pick (GATEWAY_SILO_PORT unset), not the test kit's reserved one.
        settings = siloPorts is null ? settings : settings.Append(new("GATEWAY_SILO_PORT", null));
        var env = NodeEnvironment.Build(settings, testDefaults: true);

        var (options, errors) = GatewayOptionsReader.Read(
            ["--urls", $"http://127.0.0.1:{port}", "--config-dir", Path.Combine(folder.Path, "config"), "--data-dir", Path.Combine(folder.Path, "data")],
            name => env.TryGetValue(name, out var value) ? value : null);
        Assert.Empty(errors);
        var load = ToolsConfigLoader.Load(options.ToolsFile, new ConfigContext { AppDirectory = AppContext.BaseDirectory });
        Assert.True(load.IsValid, string.Join("\n", load.Errors));

        var (policy, policyErrors) = RolePolicyLoader.Load(options.PolicyFile);
        Assert.True(policy is not null, string.Join("\n", policyErrors));

        WebApplication app;
        try
        {
            app = await GatewayStart.StartAsync(options, o => GatewayApp.Build(o, load.Config!, policy, configureServices: services), pickSiloPort: siloPorts);
        }
        catch when (ownsFolder)
        {
            folder.Dispose();
            throw;
        }

        return new GatewayHost(app, folder, ownsFolder, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Waits until the catalogue serves <paramref name="tool"/> (a backend left out at startup is retried).</summary>
    public Task WaitForToolAsync(string tool, CancellationToken cancellationToken) =>
        Services.GetRequiredService<ICatalogue>().WaitForToolAsync(tool, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsFolder)
        {
            Folder.Dispose();
        }
    }
}
