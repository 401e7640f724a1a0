using System.Globalization;
using System.Text;

namespace McpGateway.Upstreams;

/// <summary>Settings for the connections to backends.</summary>
public sealed record UpstreamOptions
{
    /// <summary>Environment variables passed on to stdio backends besides the SDK's curated set (PATH, HOME, …).</summary>
    public static IReadOnlyList<string> ForwardedEnvironment { get; } = ["DOTNET_ROOT", "DOTNET_CLI_HOME", "NODE_PATH", "LANG", "TZ"];

    /// <summary>Sent to HTTP backends as <c>X-Gateway-Auth</c> and to stdio backends as <c>TOOL_GATEWAY_SHARED_SECRET</c>.</summary>
    public string? SharedSecret { get; init; }

    /// <summary>How often every backend is discovered again even without a list_changed notification.</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A backend whose discovery fails while its connection lives keeps its last good catalogue entries until this many
    /// discoveries in a row have failed (1: they leave at the first failure).
    /// </summary>
    public int DiscoveryFailuresToDrop { get; init; } = 3;

    /// <summary>The protocol revision used toward backends that do not set one (null: the SDK's default negotiation).</summary>
    public string? DefaultProtocolVersion { get; init; }

    /// <summary>Printed without the shared secret (the generated <c>ToString</c> would print it): only whether it is set.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"SharedSecret = {(SharedSecret is null ? "(none)" : "[redacted]")}, DiscoveryInterval = {DiscoveryInterval}, ")
            .Append(CultureInfo.InvariantCulture, $"DiscoveryFailuresToDrop = {DiscoveryFailuresToDrop}, DefaultProtocolVersion = {DefaultProtocolVersion}");
        return true;
    }
}
