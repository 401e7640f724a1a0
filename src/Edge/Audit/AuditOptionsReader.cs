using System.Globalization;
using System.Text;
using McpGateway.Core.Audit;

namespace McpGateway.Edge.Audit;

/// <summary>Reads <see cref="AuditOptions"/> from the environment (docs/audit.md, docs/configuration.md).</summary>
internal static class AuditOptionsReader
{
    /// <summary>The environment variables read here.</summary>
    public static readonly string[] Settings =
        ["GATEWAY_NODE_ID", "GATEWAY_AUDIT_ARGUMENTS", "GATEWAY_AUDIT_RETENTION_DAYS", "GATEWAY_AUDIT_PURGE_INTERVAL_SECONDS", "GATEWAY_AUDIT_HMAC_KEY", "GATEWAY_AUDIT_FSYNC"];

    public static AuditOptions Read(Func<string, string?> environment, List<string> errors)
    {
        var defaults = new AuditOptions();
        var options = defaults;
        if (environment("GATEWAY_NODE_ID") is { Length: > 0 } node)
        {
            if (node.Length > 100 || node.Any(char.IsControl))
            {
                errors.Add($"GATEWAY_NODE_ID: at most 100 printable characters");
            }

            options = options with { Chain = node };
        }

        if (environment("GATEWAY_AUDIT_ARGUMENTS") is { Length: > 0 } arguments)
        {
            if (!bool.TryParse(arguments, out var include))
            {
                errors.Add($"GATEWAY_AUDIT_ARGUMENTS: '{arguments}' is not true or false");
            }

            options = options with { IncludeArguments = include };
        }

        if (environment("GATEWAY_AUDIT_FSYNC") is { Length: > 0 } fsync)
        {
            if (!bool.TryParse(fsync, out var sync))
            {
                errors.Add($"GATEWAY_AUDIT_FSYNC: '{fsync}' is not true or false");
            }

            options = options with { Fsync = sync };
        }

        if (environment("GATEWAY_AUDIT_RETENTION_DAYS") is { Length: > 0 } days)
        {
            if (double.TryParse(days, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0.001 and <= 36500)
            {
                options = options with { Retention = TimeSpan.FromDays(value) };
            }
            else
            {
                errors.Add($"GATEWAY_AUDIT_RETENTION_DAYS: '{days}' is not a number of days from 0.001 to 36500");
            }
        }

        if (environment("GATEWAY_AUDIT_PURGE_INTERVAL_SECONDS") is { Length: > 0 } interval)
        {
            if (double.TryParse(interval, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 604800)
            {
                options = options with { PurgeInterval = TimeSpan.FromSeconds(seconds) };
            }
            else
            {
                errors.Add($"GATEWAY_AUDIT_PURGE_INTERVAL_SECONDS: '{interval}' is not a number from 1 to 604800");
            }
        }

        if (environment("GATEWAY_AUDIT_HMAC_KEY") is { Length: > 0 } key)
        {
            if (key.Length < 16)
            {
                // Never echo the key.
                errors.Add("GATEWAY_AUDIT_HMAC_KEY: at least 16 characters");
            }

            options = options with { HmacKey = Encoding.UTF8.GetBytes(key) };
        }

        return options;
    }
}
