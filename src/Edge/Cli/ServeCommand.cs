using McpGateway.Core.Configuration;
using McpGateway.Core.Policy;
using McpGateway.Core.Storage;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Identity;
using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Cli;

/// <summary><c>mcpgw serve</c> (the default) and <c>mcpgw config check</c>.</summary>
internal static class ServeCommand
{
    public const int ConfigErrorExitCode = 2;

    /// <summary>Reads and checks every setting and <c>tools.yaml</c>, collecting all errors.</summary>
    public static (GatewayOptions Options, ToolsConfig? Tools, RolePolicy? Policy, IReadOnlyList<string> Errors) LoadConfiguration(string[] args)
    {
        var (options, errors) = GatewayOptionsReader.Read(args, Environment.GetEnvironmentVariable);
        var allErrors = errors.ToList();
        if (options.AuthMode == "none" && !ListenAddresses.AreAllLoopback(options.Urls))
        {
            allErrors.Add($"GATEWAY_AUTH_MODE=none lets anyone in and is refused unless every listen address is loopback (listening on {string.Join(", ", options.Urls)})");
        }

        var load = ToolsConfigLoader.Load(options.ToolsFile, ConfigContext.ForCurrentProcess());
        allErrors.AddRange(load.Errors.Select(e => e.ToString()));
        var (policy, policyErrors) = RolePolicyLoader.Load(options.PolicyFile);
        allErrors.AddRange(policyErrors.Select(e => e.ToString()));
        return (options, load.Config, policy, allErrors);
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, tools, policy, errors) = LoadConfiguration(args);
        if (errors.Count > 0 || tools is null || policy is null)
        {
            ReportErrors(errors);
            return ConfigErrorExitCode;
        }

        if (SiloPortCheck.Problem(options) is { } problem)
        {
            Console.Error.WriteLine($"mcpgw: cannot start: {problem}");
            return SiloPortCheck.ExitCode;
        }

        WebApplication app;
        try
        {
            app = await GatewayStart.StartAsync(options, o => GatewayApp.Build(o, tools, policy, args), built =>
            {
                // Opens the store before the host starts (migrating it unless GATEWAY_MIGRATE_ON_START=false), so an
                // unusable one stops the node with one clear line instead of a host failure with a stack trace.
                built.Services.GetRequiredService<IStoreProbe>();
                built.Lifetime.ApplicationStarted.Register(() => PrintBanner(options));
            });
        }
        catch (Exception e) when (StoreFailure.Describe(e) is { } cause)
        {
            Console.Error.WriteLine($"mcpgw: cannot start: the store ({options.StoreName}) is not usable: {cause}");
            return StoreFailure.ExitCode;
        }

        await using (app)
        {
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    public static int Check(string[] args)
    {
        var (options, tools, policy, errors) = LoadConfiguration(args);
        if (errors.Count > 0 || tools is null || policy is null)
        {
            ReportErrors(errors);
            return ConfigErrorExitCode;
        }

        Console.WriteLine($"Configuration OK: {tools.Backends.Count} backends in {Path.GetFullPath(options.ToolsFile)}, {policy.Roles.Count} roles in {Path.GetFullPath(options.PolicyFile)}");
        return 0;
    }

    private static void ReportErrors(IReadOnlyList<string> errors)
    {
        Console.Error.WriteLine($"mcpgw: the configuration is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (var error in errors)
        {
            Console.Error.WriteLine("  " + error);
        }
    }

    private static void PrintBanner(GatewayOptions options)
    {
        var url = options.Urls[0].TrimEnd('/') + "/mcp";
        if (options.AuthMode == "none")
        {
            Console.Error.WriteLine($$"""

                McpGateway is listening on {{url}}
                  auth mode: none (callers get roles: {{string.Join(",", options.AnonymousRoles)}})
                  client config (VS Code .vscode/mcp.json):
                    { "servers": { "mcpgw": { "type": "http", "url": "{{url}}" } } }

                """);
            return;
        }

        Console.Error.WriteLine($"\nMcpGateway is listening on {url}\n  auth mode: jwt ({string.Join(",", options.Jwt.AllowedAlgorithms)})");
        if (options.IsDevelopment && new DevelopmentTokenIssuer(options.Jwt, TimeProvider.System) is { CanIssue: true } issuer)
        {
            var token = issuer.Issue("developer", ["admin"], "default", null, 8 * 3600);
            Console.Error.WriteLine($$"""
                  Development run{{(options.Jwt.UsesDevelopmentSecret ? " with the built-in development secret (refused in Production)" : "")}}.
                  bearer token (user developer, role admin, 8 hours):
                    {{token}}
                  client config (VS Code .vscode/mcp.json):
                    { "servers": { "mcpgw": { "type": "http", "url": "{{url}}", "headers": { "Authorization": "Bearer {{token}}" } } } }
                """);
            if (options.Jwt.IssuerAdminToken is { } admin)
            {
                var shown = options.Jwt.IssuerAdminTokenGenerated ? admin : "(JWT_ISSUER_ADMIN_TOKEN)";
                Console.Error.WriteLine($$"""
                      more tokens: POST {{options.Urls[0].TrimEnd('/')}}/token with header X-Issuer-Token: {{shown}}
                        body {"user_id":"alice","roles":["developer"],"workspace":"default","expires_in_seconds":3600}
                      or: dotnet run --project src/Edge -- token --user-id alice --roles developer

                    """);
            }
        }
    }
}
