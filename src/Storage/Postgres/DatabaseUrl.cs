using System.Globalization;
using Npgsql;

namespace McpGateway.Storage.Postgres;

/// <summary>
/// <c>DATABASE_URL</c>: a <c>postgres://user:password@host:port/database?sslmode=…</c> URL (also <c>postgresql://</c>)
/// or an Npgsql connection string (<c>Host=…;Username=…;Password=…;Database=…</c>), turned into one connection string.
/// <see cref="ToString"/> never shows the password, and neither do parse errors.
/// </summary>
public sealed class DatabaseUrl
{
    private static readonly Dictionary<string, SslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = SslMode.Disable,
        ["allow"] = SslMode.Allow,
        ["prefer"] = SslMode.Prefer,
        ["require"] = SslMode.Require,
        ["verify-ca"] = SslMode.VerifyCA,
        ["verify-full"] = SslMode.VerifyFull,
    };

    private DatabaseUrl(NpgsqlConnectionStringBuilder builder)
    {
        builder.ApplicationName ??= "mcpgw";
        ConnectionString = builder.ConnectionString;
        Host = builder.Host!;
        Port = builder.Port;
        Database = builder.Database ?? builder.Username ?? "";
        Username = builder.Username;
    }

    /// <summary>The Npgsql connection string, password included: hand it to Npgsql only, never print it.</summary>
    public string ConnectionString { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string? Username { get; }

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, without the password.</summary>
    public static bool TryParse(string text, out DatabaseUrl? url, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        url = null;
        var trimmed = text.Trim();
        var builder = trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(trimmed, out error)
            : FromConnectionString(trimmed, out error);
        if (builder is null)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            error = "names no host";
            return false;
        }

        if (builder.MinPoolSize > builder.MaxPoolSize)
        {
            error = $"asks for a pool of at least {builder.MinPoolSize} connections but at most {builder.MaxPoolSize}";
            return false;
        }

        url = new DatabaseUrl(builder);
        return true;
    }

    /// <summary><c>postgres://user@host:port/database</c>: where it points, without the password.</summary>
    public override string ToString() =>
        $"postgres://{(Username is null ? "" : Uri.EscapeDataString(Username) + "@")}{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(Database)}";

    private static NpgsqlConnectionStringBuilder? FromUrl(string text, out string error)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = "is not a valid postgres://user:password@host:port/database URL";
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? "" : Uri.UnescapeDataString(pair[(separator + 1)..]);
            if (!ApplyQuery(builder, name, value, out error))
            {
                return null;
            }
        }

        error = "";
        return builder;
    }

    private static bool ApplyQuery(NpgsqlConnectionStringBuilder builder, string name, string value, out string error)
    {
        error = "";
        switch (name.ToLowerInvariant())
        {
            case "sslmode" when SslModes.TryGetValue(value, out var mode):
                builder.SslMode = mode;
                return true;
            case "sslmode":
                error = $"sslmode '{value}' is not one of {string.Join(", ", SslModes.Keys)}";
                return false;
            case "sslrootcert":
                builder.RootCertificate = value;
                return true;
            case "application_name":
                builder.ApplicationName = value;
                return true;
            case "connect_timeout" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds):
                builder.Timeout = seconds;
                return true;
            case "connect_timeout":
                error = $"connect_timeout '{value}' is not a whole number of seconds";
                return false;
            case "pool_size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= 1000:
                builder.MaxPoolSize = size;
                return true;
            case "pool_size":
                error = $"pool_size '{value}' is not a whole number from 1 to 1000";
                return false;
            case "pool_min" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size <= 1000:
                builder.MinPoolSize = size;
                return true;
            case "pool_min":
                error = $"pool_min '{value}' is not a whole number from 0 to 1000";
                return false;
            default:
                error = $"the URL parameter '{name}' is not supported (use sslmode, sslrootcert, application_name, connect_timeout, pool_size, pool_min, or an Npgsql connection string)";
                return false;
        }
    }

    private static NpgsqlConnectionStringBuilder? FromConnectionString(string text, out string error)
    {
        try
        {
            error = "";
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // Only the keyword is named, never its value (which may be the password).
            error = e is ArgumentException { ParamName: { Length: > 0 } keyword }
                ? $"is neither a postgres:// URL nor a valid Npgsql connection string (the setting '{keyword}' is unknown or its value is invalid)"
                : "is neither a postgres:// URL nor a valid Npgsql connection string";
            return null;
        }
    }
}
