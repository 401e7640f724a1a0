using System.Collections;

namespace McpGateway.Edge.Http;

/// <summary>
/// The named values a request puts on its log lines (<c>request_id</c>, <c>user_id</c> …). Structured loggers read the
/// pairs; text output (and the JSON console's scope <c>Message</c>) shows <c>name=value</c> pairs, not a type name.
/// </summary>
internal sealed class LogScope(params KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"));
}
