namespace McpGateway.Core.Identity;

/// <summary>
/// The caller's W3C trace context (<c>traceparent</c>, <c>tracestate</c>) for the request being served, flowing with
/// the async context so that every call to a backend made on its behalf carries it.
/// </summary>
public static class TraceContext
{
    private static readonly AsyncLocal<(string Parent, string? State)?> CurrentValue = new();
    private static readonly AsyncLocal<string?> UserIdValue = new();
    private static readonly AsyncLocal<string?> RequestIdValue = new();

    /// <summary>The gateway's id of the request being served, sent to HTTP backends as <c>X-Request-ID</c>.</summary>
    public static string? RequestId
    {
        get => RequestIdValue.Value;
        set => RequestIdValue.Value = value;
    }

    /// <summary>The id of the caller the current work is done for, sent to HTTP backends as <c>X-User-ID</c>.</summary>
    public static string? UserId
    {
        get => UserIdValue.Value;
        set => UserIdValue.Value = value;
    }

    public static (string Parent, string? State)? Current
    {
        get => CurrentValue.Value;
        set => CurrentValue.Value = value;
    }

    /// <summary>The 32-hex-digit trace id of a valid <c>traceparent</c> (version 00), else null.</summary>
    public static string? TraceId(string? traceparent) =>
        traceparent is { Length: 55 } value && value[2] == '-' && value[35] == '-' && value[52] == '-'
            && value.AsSpan(3, 32).ContainsAnyExcept("0123456789abcdef") is false
            && value.AsSpan(3, 32).ContainsAnyExcept('0')
            ? value.Substring(3, 32)
            : null;
}
