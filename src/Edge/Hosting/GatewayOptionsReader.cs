using System.Globalization;

namespace McpGateway.Edge.Hosting;

/// <summary>Reads <see cref="GatewayOptions"/> from arguments (<c>--urls</c>, <c>--config-dir</c>, <c>--data-dir</c>) and the environment.</summary>
public static class GatewayOptionsReader
{
    public static (GatewayOptions Options, IReadOnlyList<string> Errors) Read(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var errors = new List<string>();
        string? Arg(string name)
        {
            for (var i = 0; i < args.Count; i++)
            {
                if (args[i] == name && i + 1 < args.Count)
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

        double Number(string variable, double fallback, double min, double max)
        {
            var text = environment(variable);
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            errors.Add($"{variable}: '{text}' is not a number from {min} to {max}");
            return fallback;
        }

        bool Flag(string variable, bool fallback)
        {
            var text = environment(variable);
            switch (text?.Trim().ToLowerInvariant())
            {
                case null or "":
                    return fallback;
                case "true" or "1" or "yes" or "on":
                    return true;
                case "false" or "0" or "no" or "off":
                    return false;
                default:
                    errors.Add($"{variable}: '{text}' is not one of true, false");
                    return fallback;
            }
        }

        int? OptionalInt(string variable) =>
            string.IsNullOrWhiteSpace(environment(variable)) ? null : (int)Number(variable, 1, 1, int.MaxValue);

        static IReadOnlyList<string> List(string? text) =>
            string.IsNullOrWhiteSpace(text) ? [] : text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var defaults = new GatewayOptions();
        var urls = Arg("--urls") ?? environment("ASPNETCORE_URLS") ?? environment("URLS");
        var authMode = (environment("GATEWAY_AUTH_MODE") ?? defaults.AuthMode).Trim().ToLowerInvariant();
        if (authMode is not ("none" or "jwt"))
        {
            errors.Add($"GATEWAY_AUTH_MODE: '{authMode}' is not one of 'jwt' (bearer tokens) and 'none' (anonymous, loopback only)");
        }

        var environmentName = environment("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
            : environment("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet : defaults.EnvironmentName;
        var isDevelopment = environmentName.Equals("Development", StringComparison.OrdinalIgnoreCase);
        var jwt = Identity.Jwt.JwtOptionsReader.Read(environment, authMode == "jwt", isDevelopment, errors);

        var nodeMode = (environment("GATEWAY_NODE_MODE") ?? defaults.NodeMode).Trim().ToLowerInvariant();
        if (nodeMode is not ("all" or "edge" or "worker"))
        {
            errors.Add($"GATEWAY_NODE_MODE: '{nodeMode}' is not one of 'all', 'edge' (no job workers) and 'worker' (job workers only)");
        }

        var workers = (int)Number("GATEWAY_JOB_WORKERS", defaults.JobWorkers, 0, 256);
        if (nodeMode == "worker" && workers == 0)
        {
            errors.Add("GATEWAY_NODE_MODE=worker needs GATEWAY_JOB_WORKERS of at least 1");
        }

        var options = new GatewayOptions
        {
            Urls = urls is null ? defaults.Urls : List(urls),
            ConfigDirectory = Arg("--config-dir") ?? environment("GATEWAY_CONFIG_DIR") ?? defaults.ConfigDirectory,
            DataDirectory = Arg("--data-dir") ?? environment("GATEWAY_DATA_DIR") ?? defaults.DataDirectory,
            MaxBodyBytes = (long)Number("GATEWAY_MAX_BODY_BYTES", defaults.MaxBodyBytes, 1024, 1L << 31),
            Batches = Mcp.BatchLimits.Read(Number),
            SessionIdleTimeout = TimeSpan.FromMinutes(Number("GATEWAY_SESSION_IDLE_MINUTES", defaults.SessionIdleTimeout.TotalMinutes, 0.05, 7 * 24 * 60)),
            DiscoveryInterval = TimeSpan.FromSeconds(Number("GATEWAY_DISCOVERY_INTERVAL_SECONDS", defaults.DiscoveryInterval.TotalSeconds, 1, 86400)),
            DiscoveryFailuresToDrop = (int)Number("GATEWAY_DISCOVERY_FAILURES_TO_DROP", defaults.DiscoveryFailuresToDrop, 1, 1000),
            ShutdownTimeout = TimeSpan.FromSeconds(Number("GATEWAY_SHUTDOWN_TIMEOUT_SECONDS", defaults.ShutdownTimeout.TotalSeconds, 0, 3600)),
            ConfigReloadInterval = TimeSpan.FromSeconds(Number("GATEWAY_CONFIG_RELOAD_SECONDS", defaults.ConfigReloadInterval.TotalSeconds, 0.1, 3600)),
            AllowedHosts = List(environment("GATEWAY_ALLOWED_HOSTS")),
            AllowedOrigins = List(environment("GATEWAY_ALLOWED_ORIGINS")),
            AuthMode = authMode,
            Jwt = jwt,
            EnvironmentName = environmentName,
            AnonymousRoles = environment("GATEWAY_ANONYMOUS_ROLES") is { } roles ? List(roles) : defaults.AnonymousRoles,
            ToolSharedSecret = environment("TOOL_GATEWAY_SHARED_SECRET"),
            ProviderEvents = Events.ProviderEventsOptions.Read(environment, errors),
            Limits = new Core.Traffic.AdmissionDefaults
            {
                UserPerMinute = (int)Number("RATE_LIMIT_USER_PER_MINUTE", defaults.Limits.UserPerMinute, 1, int.MaxValue),
                UserBurst = OptionalInt("RATE_LIMIT_USER_BURST"),
                ToolPerMinute = (int)Number("RATE_LIMIT_TOOL_PER_MINUTE", defaults.Limits.ToolPerMinute, 1, int.MaxValue),
                ToolBurst = OptionalInt("RATE_LIMIT_TOOL_BURST"),
            },
            Audit = Audit.AuditOptionsReader.Read(environment, errors),
            Telemetry = Observability.TelemetryOptions.Read(environment, errors),
            Admission = new Silo.Admission.OrleansAdmissionOptions
            {
                LeaseTime = TimeSpan.FromSeconds(Number("GATEWAY_ADMISSION_LEASE_SECONDS", defaults.Admission.LeaseTime.TotalSeconds, 0.5, 300)),
            },
            LogLevel = environment("LOG_LEVEL") ?? environment("GATEWAY_LOG_LEVEL") ?? defaults.LogLevel,
            Database = ReadDatabase(environment("DATABASE_URL"), errors),
            MigrateOnStart = Flag("GATEWAY_MIGRATE_ON_START", defaults.MigrateOnStart),
            NodeId = environment("GATEWAY_NODE_ID") is { Length: > 0 } nodeId ? nodeId.Trim() : null,
            NodeAddress = environment("GATEWAY_NODE_ADDRESS") is { Length: > 0 } address ? address.Trim() : null,
            NodeRoles = environment("GATEWAY_NODE_ROLES") is { } nodeRoles ? List(nodeRoles) : defaults.NodeRoles,
            Silo = McpGateway.Silo.SiloSettingsReader.Read(environment, Number, errors),
            NodeMode = nodeMode,
            JobWorkers = nodeMode == "edge" ? 0 : workers,
            JobTools = Flag("GATEWAY_JOB_TOOLS", defaults.JobTools),
            Jobs = Jobs.JobSettingsReader.Read(Number),
            Clients = ClientBounds.Read(Number),
        };

        if (options.NodeId is { } id && (id.Length > 128 || id.Any(char.IsControl)))
        {
            errors.Add("GATEWAY_NODE_ID: at most 128 printable characters");
        }

        if (!Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(options.LogLevel, ignoreCase: true, out _))
        {
            errors.Add($"LOG_LEVEL: '{options.LogLevel}' is not one of trace, debug, information, warning, error, critical");
        }

        foreach (var url in options.Urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"--urls: '{url}' is not an http or https URL");
            }
        }

        RemovedSettings.Check(environment, errors);
        return (options, errors);
    }

    /// <summary><c>DATABASE_URL</c>: unset or blank selects the embedded engine; errors never show the password.</summary>
    private static Storage.Postgres.DatabaseUrl? ReadDatabase(string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (Storage.Postgres.DatabaseUrl.TryParse(text, out var url, out var error))
        {
            return url;
        }

        errors.Add($"DATABASE_URL: {error}");
        return null;
    }
}
