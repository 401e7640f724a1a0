using System.Text;

namespace McpGateway.Edge.Tests.Hostile;

/// <summary>
/// One generated hostile request: the HTTP method, the path (with its query), the headers as sent (no validation:
/// junk is the point), and the body bytes (which need not be UTF-8). <see cref="Kind"/> names the generator's rule, for
/// the run's report and a failure's description.
/// </summary>
public sealed record HostileCase(int Index, string Kind, string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
{
    /// <summary>What a failure report shows: the case, its request line and headers, and the start of its body.</summary>
    public string Describe()
    {
        var body = Body is null ? "(no body)" : Body.Length > 400 ? Printable(Body.AsSpan(0, 400)) + $"… ({Body.Length} bytes)" : Printable(Body);
        var headers = string.Join("; ", Headers.Select(h => h.Key + ": " + (h.Value.Length > 80 ? h.Value[..80] + "…" : h.Value)));
        return $"#{Index} {Kind}: {Method} {Path} [{headers}] {body}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : $"\\x{b:x2}");
        }

        return text.ToString();
    }
}
