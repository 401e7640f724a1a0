namespace McpGateway.Edge.Observability;

/// <summary>OpenTelemetry export over OTLP; on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (docs/observability.md).</summary>
public sealed record TelemetryOptions
{
    /// <summary>The collector's base URL (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); null: no export.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c> (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>).</summary>
    /// <value>http/protobuf</value>
    public string Protocol { get; init; } = "http/protobuf";

    /// <summary>The <c>service.name</c> resource attribute (<c>OTEL_SERVICE_NAME</c>).</summary>
    /// <value>mcpgw</value>
    public string ServiceName { get; init; } = "mcpgw";

    /// <summary>How often metrics are exported (<c>OTEL_METRIC_EXPORT_INTERVAL</c>, milliseconds).</summary>
    /// <value>60 s</value>
    public TimeSpan MetricInterval { get; init; } = TimeSpan.FromSeconds(60);

    internal static TelemetryOptions Read(Func<string, string?> environment, List<string> errors)
    {
        var options = new TelemetryOptions();
        if (environment("OTEL_SERVICE_NAME") is { Length: > 0 } service)
        {
            options = options with { ServiceName = service };
        }

        if (environment("OTEL_EXPORTER_OTLP_PROTOCOL") is { Length: > 0 } protocol)
        {
            if (protocol is not ("grpc" or "http/protobuf"))
            {
                errors.Add($"OTEL_EXPORTER_OTLP_PROTOCOL: '{protocol}' is not one of grpc, http/protobuf");
            }

            options = options with { Protocol = protocol };
        }

        if (environment("OTEL_METRIC_EXPORT_INTERVAL") is { Length: > 0 } interval)
        {
            if (int.TryParse(interval, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms is >= 100 and <= 3_600_000)
            {
                options = options with { MetricInterval = TimeSpan.FromMilliseconds(ms) };
            }
            else
            {
                errors.Add($"OTEL_METRIC_EXPORT_INTERVAL: '{interval}' is not a number of milliseconds from 100 to 3600000");
            }
        }

        if (environment("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } endpoint)
        {
            if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                options = options with { Endpoint = uri };
            }
            else
            {
                errors.Add($"OTEL_EXPORTER_OTLP_ENDPOINT: '{endpoint}' is not an http or https URL");
            }
        }

        return options;
    }
}
