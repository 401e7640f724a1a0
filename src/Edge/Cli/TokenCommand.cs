using System.Globalization;
using McpGateway.Edge.Hosting;
using McpGateway.Edge.Identity.Jwt;

namespace McpGateway.Edge.Cli;

/// <summary>
/// <c>mcpgw token --user-id ID --roles a,b [--workspace W] [--api-version V] [--expires-in-seconds N]</c>: prints a
/// development token signed with the node's JWT settings. Development only.
/// </summary>
internal static class TokenCommand
{
    public static int Run(string[] args)
    {
        string? Arg(string name)
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] == name && i + 1 < args.Length)
                {
                    return args[i + 1];
                }

                if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return args[i][(name.Length + 1)..];
                }
            }

            return null;
        }

        var (options, errors) = GatewayOptionsReader.Read(args, Environment.GetEnvironmentVariable);
        if (!options.IsDevelopment)
        {
            Console.Error.WriteLine("mcpgw token: development only; set ASPNETCORE_ENVIRONMENT=Development (the token issuer is off in production)");
            return ServeCommand.ConfigErrorExitCode;
        }

        if (errors.Count > 0 || options.AuthMode != "jwt")
        {
            Console.Error.WriteLine("mcpgw token: " + (errors.Count > 0 ? string.Join("; ", errors) : "GATEWAY_AUTH_MODE is not jwt"));
            return ServeCommand.ConfigErrorExitCode;
        }

        var issuer = new DevelopmentTokenIssuer(options.Jwt, TimeProvider.System);
        var userId = Arg("--user-id");
        var expires = Arg("--expires-in-seconds") ?? DevelopmentTokenIssuer.DefaultLifetimeSeconds.ToString(CultureInfo.InvariantCulture);
        if (!issuer.CanIssue || string.IsNullOrWhiteSpace(userId)
            || !int.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > DevelopmentTokenIssuer.MaxLifetimeSeconds)
        {
            Console.Error.WriteLine(issuer.CanIssue
                ? "usage: mcpgw token --user-id ID --roles a,b [--workspace W] [--api-version V] [--expires-in-seconds N (1..604800)]"
                : "mcpgw token: needs JWT_SECRET_KEY and an HS algorithm (tokens of a JWKS issuer come from that issuer)");
            return ServeCommand.ConfigErrorExitCode;
        }

        var roles = (Arg("--roles") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Console.WriteLine(issuer.Issue(userId, roles, Arg("--workspace"), Arg("--api-version"), seconds));
        return 0;
    }
}
