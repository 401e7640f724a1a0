using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Edge.Tests.Cluster;

/// <summary>Reads the events of one open Server-Sent Events response (GET /sse, GET /mcp).</summary>
internal sealed class SseReader(HttpResponseMessage response, StreamReader reader) : IAsyncDisposable
{
    public HttpResponseMessage Response { get; } = response;

    public static async Task<SseReader> OpenAsync(HttpClient http, Uri url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var (reader, response) = await TryOpenAsync(http, url, headers);
        Assert.Equal(200, (int)response.StatusCode);
        return reader!;
    }

    /// <summary>The stream, or null with the refusal (e.g. 429 for a user opening sessions too fast) when the answer is not 200.</summary>
    public static async Task<(SseReader? Reader, HttpResponseMessage Response)> TryOpenAsync(HttpClient http, Uri url, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept", "text/event-stream");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode == System.Net.HttpStatusCode.OK
            ? (new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8)), response)
            : (null, response);
    }

    /// <summary>The next event (type, data), or null when the stream ends (closed by the server, or broken).</summary>
    public async Task<(string Type, string Data)?> NextEventAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string type = "message";
        var data = new StringBuilder();
        try
        {
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        return (type, data.ToString());
                    }

                    type = "message";
                    continue;
                }

                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line["data: ".Length..]);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (HttpRequestException)
        {
        }

        return null;
    }

    /// <summary>The next JSON-RPC message on the stream (failing when the stream ends or nothing comes in time).</summary>
    public async Task<JsonObject> NextMessageAsync(TimeSpan? timeout = null)
    {
        var next = await NextEventAsync(timeout ?? TimeSpan.FromSeconds(30));
        Assert.NotNull(next);
        Assert.Equal("message", next.Value.Type);
        return (JsonObject)JsonNode.Parse(next.Value.Data)!;
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
