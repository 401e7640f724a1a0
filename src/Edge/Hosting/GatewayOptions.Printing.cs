using System.Globalization;
using System.Text;

namespace McpGateway.Edge.Hosting;

/// <summary>
/// What <see cref="GatewayOptions"/> prints. A record's generated <c>ToString</c> prints every property, secrets included
/// (the shared secret, the JWT settings, the audit HMAC key), so the members are listed here by hand: a setting added
/// later prints nothing until it is added below, and a secret prints only whether it is set.
/// </summary>
public sealed partial record GatewayOptions
{
    internal const string Redacted = "[redacted]";

    private bool PrintMembers(StringBuilder builder)
    {
        var audit = Audit;
        builder.Append(CultureInfo.InvariantCulture, $"Urls = [{string.Join(", ", Urls)}], ConfigDirectory = {ConfigDirectory}, DataDirectory = {DataDirectory}, ")
            .Append(CultureInfo.InvariantCulture, $"Database = {Database?.ToString() ?? "(embedded)"}, MigrateOnStart = {MigrateOnStart}, MaxBodyBytes = {MaxBodyBytes}, ")
            .Append(CultureInfo.InvariantCulture, $"Batches = {Batches}, SessionIdleTimeout = {SessionIdleTimeout}, ")
            .Append(CultureInfo.InvariantCulture, $"AllowedHosts = [{string.Join(", ", AllowedHosts)}], AllowedOrigins = [{string.Join(", ", AllowedOrigins)}], ")
            .Append(CultureInfo.InvariantCulture, $"DiscoveryInterval = {DiscoveryInterval}, DiscoveryFailuresToDrop = {DiscoveryFailuresToDrop}, ShutdownTimeout = {ShutdownTimeout}, ")
            .Append(CultureInfo.InvariantCulture, $"AuthMode = {AuthMode}, Jwt = {Jwt}, EnvironmentName = {EnvironmentName}, AnonymousRoles = [{string.Join(", ", AnonymousRoles)}], ")
            .Append(CultureInfo.InvariantCulture, $"ToolSharedSecret = {Secret(ToolSharedSecret)}, LogLevel = {LogLevel}, PageSize = {PageSize}, ConfigReloadInterval = {ConfigReloadInterval}, ")
            .Append(CultureInfo.InvariantCulture, $"Limits = {Limits}, NodeId = {NodeId}, NodeAddress = {NodeAddress}, NodeRoles = [{string.Join(", ", NodeRoles)}], ")
            .Append(CultureInfo.InvariantCulture, $"Silo = {Silo}, Jobs = {Jobs}, JobTools = {JobTools}, JobWorkers = {JobWorkers}, NodeMode = {NodeMode}, ")
            .Append(CultureInfo.InvariantCulture, $"Telemetry = {Telemetry}, ")
            .Append(CultureInfo.InvariantCulture, $"Audit = AuditOptions {{ IncludeArguments = {audit.IncludeArguments}, Chain = {audit.Chain}, Retention = {audit.Retention}, HmacKey = {(audit.HmacKey is null ? "(none)" : Redacted)} }}, ")
            .Append(CultureInfo.InvariantCulture, $"Admission = {Admission}, Clients = {Clients}");
        return true;
    }

    private static string Secret(string? value) => value is null ? "(none)" : Redacted;
}
