using System.Diagnostics;
using System.Diagnostics.Metrics;
using McpGateway.Core.Audit;
using McpGateway.Core.Catalogue;
using McpGateway.Core.Pipeline.Steps;

namespace McpGateway.Edge.Observability;

/// <summary>
/// The gateway's own OpenTelemetry instruments (meter <c>McpGateway</c>), exported over OTLP when tracing is on: calls
/// and their duration (from the audit records, like <c>/metrics</c>, with the same bounded labels), the audit queue and
/// spool, the catalogue size.
/// </summary>
internal sealed class GatewayMeter : IAuditSink, IDisposable
{
    private readonly Meter _meter = new(TraceStep.Name, Upstreams.GatewayVersion.Current);
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public GatewayMeter(AuditWriter audit, ICatalogue catalogue)
    {
        _calls = _meter.CreateCounter<long>("mcpgw.calls", description: "Calls that entered the pipeline, by method, backend, outcome and error kind.");
        _duration = _meter.CreateHistogram<double>("mcpgw.call.duration", "s", "Time from the start of the pipeline to the answer.");
        _meter.CreateObservableGauge("mcpgw.audit.queue_depth", () => audit.QueueDepth, description: "Audit records waiting to be committed.");
        _meter.CreateObservableGauge("mcpgw.audit.spool.records", () => audit.Spool.Records, description: "Audit records in the local spool, waiting for the store.");
        _meter.CreateObservableGauge("mcpgw.audit.spool.bytes", () => audit.Spool.Bytes, "By", "Size of the local audit spool.");
        _meter.CreateObservableGauge("mcpgw.catalogue.entries", () => catalogue.Current.Items.Count, description: "Entries in the catalogue.");
    }

    public ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var tags = new TagList
        {
            { "mcp.method.name", MetricLabels.McpMethod(record.Method) },
            { "mcpgw.backend", record.Backend ?? "" },
            { "mcpgw.outcome", record.Outcome },
            { "error.type", record.ErrorKind ?? "" },
        };
        _calls.Add(1, tags);
        _duration.Record(record.LatencyMs / 1000, tags);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _meter.Dispose();
}
