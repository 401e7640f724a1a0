using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Bench.Cluster;

/// <summary>
/// The cross-node message hop: a legacy SSE session whose stream is on one node; a <c>ping</c> posted to that node
/// (local) or to another node (through the session's grain to the stream's node) is timed from the POST to the answer's arrival on the stream.
/// </summary>
internal sealed class HopProbe(HttpClient http, Uri streamNode) : IAsyncDisposable
{
    private HttpResponseMessage? _stream;
    private StreamReader? _reader;
    private string _endpoint = "";

    public async Task OpenAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(streamNode, "/sse"));
        request.Headers.Add("Accept", "text/event-stream");
        _stream = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        _reader = new StreamReader(await _stream.Content.ReadAsStreamAsync(), Encoding.UTF8);
        _endpoint = (await NextDataAsync())!;
        await PostAsync(streamNode, """{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2024-11-05","capabilities":{}}}""");
        await NextDataAsync();
    }

    /// <summary>Round-trip times in stopwatch ticks of <paramref name="count"/> pings posted to <paramref name="postTo"/>.</summary>
    public async Task<long[]> MeasureAsync(Uri postTo, int count, int firstId)
    {
        var ticks = new long[count];
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var start = Stopwatch.GetTimestamp();
            await PostAsync(postTo, $$"""{"jsonrpc":"2.0","id":{{id}},"method":"ping"}""");
            while (await NextDataAsync() is { } data)
            {
                if (JsonNode.Parse(data)?["id"]?.GetValue<int>() == id)
                {
                    break;
                }
            }

            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        return ticks;
    }

    private async Task PostAsync(Uri node, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(node, _endpoint), content);
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"POST {_endpoint} to {node} answered {(int)response.StatusCode}");
        }
    }

    private async Task<string?> NextDataAsync()
    {
        while (await _reader!.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        _stream?.Dispose();
        return ValueTask.CompletedTask;
    }
}
