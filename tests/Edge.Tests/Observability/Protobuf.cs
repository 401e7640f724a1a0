namespace McpGateway.Edge.Tests.Observability;

/// <summary>
/// Just enough protobuf to read OTLP exports without their generated classes: fields of a message, and the spans and
/// metric names of <c>ExportTraceServiceRequest</c> / <c>ExportMetricsServiceRequest</c>.
/// </summary>
internal static class Protobuf
{
    public sealed record Span(string TraceId, string SpanId, string ParentSpanId, string Name);

    /// <summary>resource_spans (1) → scope_spans (2) → spans (2): trace_id (1), span_id (2), parent_span_id (4), name (5).</summary>
    public static IEnumerable<Span> Spans(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from span in Messages(scope, 2)
        let fields = Fields(span).ToList()
        select new Span(Hex(fields, 1), Hex(fields, 2), Hex(fields, 4), Text(fields, 5));

    /// <summary>resource_metrics (1) → scope_metrics (2) → metrics (2): name (1).</summary>
    public static IEnumerable<string> MetricNames(byte[] request) =>
        from resource in Messages(request, 1)
        from scope in Messages(resource, 2)
        from metric in Messages(scope, 2)
        select Text(Fields(metric).ToList(), 1);

    private static IEnumerable<byte[]> Messages(byte[] message, int field) =>
        Fields(message).Where(f => f.Number == field && f.Bytes is not null).Select(f => f.Bytes!);

    private static string Hex(List<(int Number, byte[]? Bytes)> fields, int number) =>
        fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? Convert.ToHexStringLower(bytes) : "";

    private static string Text(List<(int Number, byte[]? Bytes)> fields, int number) =>
        fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "";

    /// <summary>Each field's number and, for length-delimited fields, its bytes (other wire types are skipped).</summary>
    private static IEnumerable<(int Number, byte[]? Bytes)> Fields(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(message, ref position);
                    yield return (number, null);
                    break;
                case 1:
                    position += 8;
                    yield return (number, null);
                    break;
                case 2:
                    var length = (int)Varint(message, ref position);
                    yield return (number, message[position..(position + length)]);
                    position += length;
                    break;
                case 5:
                    position += 4;
                    yield return (number, null);
                    break;
                default:
                    throw new FormatException($"unsupported wire type {key & 7}");
            }
        }
    }

    private static ulong Varint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
