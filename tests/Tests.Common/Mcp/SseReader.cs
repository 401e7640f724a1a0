using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Tests.Common.Mcp;

/// <summary>
/// Reads the events of one open Server-Sent Events response (GET /sse, GET /mcp, a POST answered as a stream) with
/// <see cref="SseEvent"/>'s parser. A read that times out is kept and finished by the next call, so no event is lost.
/// </summary>
public sealed class SseReader(HttpResponseMessage response, TextReader reader) : IAsyncDisposable
{
    private Task<SseEvent?>? _pending;

    public SseReader(HttpResponseMessage response, Stream body)
        : this(response, new StreamReader(body, Encoding.UTF8))
    {
    }

    public HttpResponseMessage Response { get; } = response;

    /// <summary>Opens <paramref name="url"/> with <c>Accept: text/event-stream</c> (and <paramref name="headers"/>), asserting a 200.</summary>
    public static async Task<SseReader> OpenAsync(HttpClient http, Uri url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var (stream, response) = await TryOpenAsync(http, url, headers);
        Assert.True(stream is not null, $"GET {url} answered {(int)response.StatusCode}");
        return stream;
    }

    /// <summary>The stream, or null with the refusal (e.g. 429 for a user opening sessions too fast) when the answer is not 200.</summary>
    public static async Task<(SseReader? Stream, HttpResponseMessage Response)> TryOpenAsync(HttpClient http, Uri url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept", "text/event-stream");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode == HttpStatusCode.OK
            ? (await OfAsync(response), response)
            : (null, response);
    }

    /// <summary>Reads the body of an already received streaming response.</summary>
    public static async Task<SseReader> OfAsync(HttpResponseMessage response) => new(response, await response.Content.ReadAsStreamAsync());

    /// <summary>The next event, or null when the stream ends (closed by the server, or broken); fails when nothing comes within <paramref name="timeout"/>.</summary>
    public async Task<SseEvent?> NextEventAsync(TimeSpan timeout)
    {
        var (arrived, next) = await TryNextAsync(timeout);
        return arrived ? next : throw new TimeoutException($"No event and no end of stream within {timeout}.");
    }

    /// <summary>The next JSON-RPC message (failing when the stream ends or nothing comes within <paramref name="timeout"/>, 30 s by default).</summary>
    public async Task<JsonObject> NextMessageAsync(TimeSpan? timeout = null)
    {
        var next = await NextEventAsync(timeout ?? TimeSpan.FromSeconds(30));
        Assert.True(next is not null, "The stream ended before the next message.");
        Assert.Equal("message", next.Event);
        return next.Json;
    }

    /// <summary>The next JSON-RPC message, or null when none comes within <paramref name="wait"/> or the stream ends.</summary>
    public async Task<JsonObject?> NextMessageOrNullAsync(TimeSpan wait)
    {
        var (_, next) = await TryNextAsync(wait);
        return next?.Json;
    }

    /// <summary>Reads (and drops) events until the stream ends; fails when it has not ended within <paramref name="timeout"/>.</summary>
    public async Task ReadToEndAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (await NextEventAsync(Remaining(deadline)) is not null)
        {
        }
    }

    private static TimeSpan Remaining(DateTimeOffset deadline) =>
        deadline - DateTimeOffset.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero;

    /// <summary>(true, event or null at the end) when the stream moved within <paramref name="wait"/>; (false, null) when it did not.</summary>
    private async Task<(bool Arrived, SseEvent? Event)> TryNextAsync(TimeSpan wait)
    {
        _pending ??= ReadAsync();
        var done = await Task.WhenAny(_pending, Task.Delay(wait));
        if (done != _pending)
        {
            return (false, null);
        }

        var next = await _pending;
        _pending = null;
        return (true, next);
    }

    private async Task<SseEvent?> ReadAsync()
    {
        try
        {
            return await SseEvent.ReadAsync(reader, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or ObjectDisposedException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        Response.Dispose();
        reader.Dispose();
        return ValueTask.CompletedTask;
    }
}
