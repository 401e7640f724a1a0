using McpGateway.Core.Pipeline.Steps;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.Edge.Observability;

/// <summary>
/// The OpenTelemetry SDK of the node, when an OTLP endpoint is configured, registered in the host by
/// <c>OpenTelemetry.Extensions.Hosting</c> (started with the host, disposed with it): traces of the gateway's own spans
/// (<see cref="TraceStep"/>) and of ASP.NET Core's request spans, and the metrics of the gateway's meter, ASP.NET Core,
/// Kestrel and HttpClient, from the ASP.NET Core and HttpClient instrumentation packages. HttpClient is instrumented
/// for metrics only: the call to a backend carries the gateway's call span as its parent
/// (<c>Upstreams/Connections/TraceContextHandler</c>), and a client span of its own would sit beside it.
/// The /metrics endpoint does not depend on any of this.
/// </summary>
internal static class Telemetry
{
    /// <summary>Registers the SDK when <see cref="TelemetryOptions.Endpoint"/> is set; otherwise nothing.</summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        if (options.Endpoint is not { } endpoint)
        {
            return services;
        }

        var protocol = options.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

        // Over HTTP each signal has its own path below the base URL; over gRPC the base URL is the endpoint.
        Uri Signal(string path) => protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint.ToString().TrimEnd('/') + "/" + path);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: Upstreams.GatewayVersion.Current))
            .WithTracing(tracing => tracing
                .AddSource(TraceStep.Name)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp => (otlp.Endpoint, otlp.Protocol) = (Signal("v1/traces"), protocol)))
            .WithMetrics(metrics => metrics
                .AddMeter(TraceStep.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((otlp, reader) =>
                {
                    (otlp.Endpoint, otlp.Protocol) = (Signal("v1/metrics"), protocol);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricInterval.TotalMilliseconds;
                }));
        return services;
    }

    /// <summary>Exports what is buffered once the host has stopped, while the instruments still exist.</summary>
    public static void FlushWhenStopped(this WebApplication app)
    {
        var tracer = app.Services.GetService<TracerProvider>();
        var meter = app.Services.GetService<MeterProvider>();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            tracer?.ForceFlush();
            meter?.ForceFlush();
        });
    }
}
