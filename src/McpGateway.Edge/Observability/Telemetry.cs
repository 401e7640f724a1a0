using McpGateway.Core.Pipeline.Steps;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.Edge.Observability;

/// <summary>
/// The OpenTelemetry SDK of the node, when an OTLP endpoint is configured: traces of the gateway's own spans
/// (<see cref="TraceStep"/>) and of ASP.NET Core's request spans, and the metrics of the gateway's meter, ASP.NET Core,
/// Kestrel and HttpClient. It is flushed when the host has stopped and disposed with it.
/// </summary>
internal sealed class Telemetry(OpenTelemetrySdk? sdk) : IDisposable
{
    public bool IsOn => sdk is not null;

    public static Telemetry Start(TelemetryOptions options)
    {
        if (options.Endpoint is not { } endpoint)
        {
            return new Telemetry(null);
        }

        var protocol = options.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

        // Over HTTP each signal has its own path below the base URL; over gRPC the base URL is the endpoint.
        Uri Signal(string path) => protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint.ToString().TrimEnd('/') + "/" + path);
        var sdk = OpenTelemetrySdk.Create(builder => builder
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: Upstreams.GatewayVersion.Current))
            .WithTracing(tracing => tracing
                .AddSource(TraceStep.Name, "Microsoft.AspNetCore")
                .AddOtlpExporter(otlp => (otlp.Endpoint, otlp.Protocol) = (Signal("v1/traces"), protocol)))
            .WithMetrics(metrics => metrics
                .AddMeter(TraceStep.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                .AddOtlpExporter((otlp, reader) =>
                {
                    (otlp.Endpoint, otlp.Protocol) = (Signal("v1/metrics"), protocol);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricInterval.TotalMilliseconds;
                })));
        return new Telemetry(sdk);
    }

    /// <summary>Exports what is buffered (at shutdown, while the instruments still exist).</summary>
    public void Flush()
    {
        sdk?.TracerProvider.ForceFlush();
        sdk?.MeterProvider.ForceFlush();
    }

    public void Dispose() => sdk?.Dispose();
}
