using System.Buffers;
using System.Text.Json;

namespace McpGateway.Core.Protocol;

/// <summary>
/// Writes JSON through a buffer kept per thread and reused from call to call, and returns the bytes as an array of
/// their exact size. A <see cref="Utf8JsonWriter"/> over a fresh buffer grows it in 4 KB steps: on the call path that
/// was the largest allocation per call, for bodies of a few hundred bytes.
/// </summary>
public static class JsonBytes
{
    /// <summary>A buffer that grew past this (a large body) is not kept, so no thread holds a large buffer for long.</summary>
    private const int MaxKept = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>The JSON <paramref name="write"/> writes.</summary>
    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write, JsonWriterOptions options = default) =>
        Build((state, write, options), static (buffer, json) =>
        {
            using var writer = new Utf8JsonWriter(buffer, json.options);
            json.write(writer, json.state);
        });

    /// <summary>The bytes <paramref name="build"/> writes to the buffer (e.g. JSON lines: values and newlines).</summary>
    public static byte[] Build<TState>(TState state, Action<IBufferWriter<byte>, TState> build)
    {
        // Taken out of its slot while in use: a build that writes JSON itself gets a buffer of its own.
        var buffer = _buffer ?? new ArrayBufferWriter<byte>(1024);
        _buffer = null;
        try
        {
            build(buffer, state);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxKept)
            {
                buffer.ResetWrittenCount();
                _buffer = buffer;
            }
        }
    }
}
