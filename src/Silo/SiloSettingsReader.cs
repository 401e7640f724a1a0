using System.Net;
using System.Text.RegularExpressions;

namespace McpGateway.Silo;

/// <summary>Reads <see cref="SiloSettings"/> from the environment, adding every problem to the caller's errors.</summary>
public static partial class SiloSettingsReader
{
    /// <param name="environment">Reads one variable.</param>
    /// <param name="number">Reads one variable as a number within bounds (collecting an error otherwise).</param>
    /// <param name="errors">Where problems go.</param>
    public static SiloSettings Read(Func<string, string?> environment, Func<string, double, double, double, double> number, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(number);
        ArgumentNullException.ThrowIfNull(errors);
        var defaults = new SiloSettings();
        var probes = new MembershipProbes();
        return new SiloSettings
        {
            ClusterId = Id("GATEWAY_CLUSTER_ID", environment, defaults.ClusterId, errors),
            ServiceId = Id("GATEWAY_SERVICE_ID", environment, defaults.ServiceId, errors),
            SiloPort = string.IsNullOrWhiteSpace(environment("GATEWAY_SILO_PORT")) ? null : (int)number("GATEWAY_SILO_PORT", SiloSettings.DefaultClusterPort, 1, 65535),
            AdvertisedAddress = Address(environment("GATEWAY_SILO_ADVERTISED_ADDRESS"), errors),
            Probes = new MembershipProbes
            {
                ProbeTimeout = TimeSpan.FromSeconds(number("GATEWAY_SILO_PROBE_TIMEOUT_SECONDS", probes.ProbeTimeout.TotalSeconds, 0.5, 60)),
                MissedProbes = (int)number("GATEWAY_SILO_MISSED_PROBES", probes.MissedProbes, 1, 10),
                DeathVotes = (int)number("GATEWAY_SILO_DEATH_VOTES", probes.DeathVotes, 1, 10),
                IAmAlivePeriod = TimeSpan.FromSeconds(number("GATEWAY_SILO_ALIVE_SECONDS", probes.IAmAlivePeriod.TotalSeconds, 1, 600)),
                TableRefresh = TimeSpan.FromSeconds(number("GATEWAY_SILO_TABLE_REFRESH_SECONDS", probes.TableRefresh.TotalSeconds, 1, 600)),
                DefunctExpiration = TimeSpan.FromMinutes(number("GATEWAY_SILO_DEFUNCT_MINUTES", probes.DefunctExpiration.TotalMinutes, 1, 7 * 24 * 60)),
            },
        };
    }

    /// <summary>Cluster and service ids end up in 150-character columns and in log lines: a short, plain name.</summary>
    private static string Id(string variable, Func<string, string?> environment, string fallback, ICollection<string> errors)
    {
        var text = environment(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        text = text.Trim();
        if (!PlainName().IsMatch(text))
        {
            errors.Add($"{variable}: '{text}' is not 1 to 100 letters, digits, '.', '-' or '_'");
            return fallback;
        }

        return text;
    }

    private static string? Address(string? text, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (IPAddress.TryParse(text, out var ip))
        {
            if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.None) || ip.Equals(IPAddress.IPv6None))
            {
                errors.Add($"GATEWAY_SILO_ADVERTISED_ADDRESS: '{text}' is not an address other silos can reach (give this node's own IP address or host name)");
                return null;
            }

            return text;
        }

        if (Uri.CheckHostName(text) != UriHostNameType.Dns)
        {
            errors.Add($"GATEWAY_SILO_ADVERTISED_ADDRESS: '{text}' is neither an IP address nor a host name");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex PlainName();
}
